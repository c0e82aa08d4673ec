package io.litefleet.storage;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The object layout: {@code <tenant prefix>/<UTC timestamp>.db.lz4}, for example
 * {@code acme/orders/main/t0042/20261127T051500.123Z.db.lz4}. The timestamp format sorts
 * lexicographically in time order, so a listing of one prefix is already a history.
 */
public final class ObjectKeys {

    public static final String SUFFIX = ".db.lz4";

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ObjectKeys() {
    }

    /** The key of a snapshot of the tenant under {@code prefix} taken at {@code takenAt}. */
    public static String snapshotKey(String prefix, Instant takenAt) {
        return prefix + "/" + TIMESTAMP.format(takenAt) + SUFFIX;
    }
}
