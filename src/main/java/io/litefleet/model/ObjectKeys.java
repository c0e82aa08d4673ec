package io.litefleet.model;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The object layout: {@code <prefix>/<UTC timestamp>.db.lz4}, for example
 * {@code acme/orders/main/t0042/20261127T051500.123Z.db.lz4}, or {@code .db.lz4.age} for an
 * age-encrypted one (the LZ4 frame inside an age file). The timestamp format sorts
 * lexicographically in time order, so a listing of one prefix is already a history; a tenant can
 * hold both kinds, after encryption is switched on.
 */
public final class ObjectKeys {

    public static final String SUFFIX = ".db.lz4";
    /** What an age-encrypted object's key ends with: {@code age -d}, then {@code lz4 -d}. */
    public static final String ENCRYPTED_SUFFIX = SUFFIX + ".age";

    private static final DateTimeFormatter TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'").withZone(ZoneOffset.UTC);

    private ObjectKeys() {
    }

    /** The key of a snapshot of the tenant under {@code prefix} taken at {@code takenAt}. */
    public static String snapshotKey(String prefix, Instant takenAt) {
        return prefix + "/" + TIMESTAMP.format(takenAt) + SUFFIX;
    }

    /** The key of the same snapshot encrypted with age. */
    public static String encrypted(String key) {
        return key.substring(0, key.length() - SUFFIX.length()) + ENCRYPTED_SUFFIX;
    }

    /** Whether a snapshot key names an age-encrypted object. */
    public static boolean isEncrypted(String key) {
        return key.endsWith(ENCRYPTED_SUFFIX);
    }

    /** Parses a stored key; empty when it is not {@code <prefix>/<timestamp>.db.lz4} or {@code .db.lz4.age}. */
    public static Optional<StoredSnapshot> parse(String key) {
        int slash = key.lastIndexOf('/');
        String suffix = isEncrypted(key) ? ENCRYPTED_SUFFIX : SUFFIX;
        if (slash <= 0 || !key.endsWith(suffix)) {
            return Optional.empty();
        }
        String timestamp = key.substring(slash + 1, key.length() - suffix.length());
        try {
            return Optional.of(new StoredSnapshot(key, key.substring(0, slash), TIMESTAMP.parse(timestamp, Instant::from), OptionalLong.empty()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The prefix of a tenant (or of a group of tenants, such as {@code acme/orders}) given by
     * its names, as a user types it: {@code acme/orders/main/..} is the tenant {@code ..}, whose
     * key segment is {@code %2E%2E} (see {@link KeySegments}).
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static String prefixOf(String names) {
        if (names.isEmpty() || names.startsWith("/") || names.endsWith("/") || names.contains("//")) {
            throw new IllegalArgumentException("'" + names + "' is not a tenant such as acme/orders/main/t0042");
        }
        return KeySegments.encodePath(names);
    }

    /**
     * Checks a prefix ({@code acme/orders/main/t0042}): no leading or trailing
     * slash, no empty, '.' or '..' segment.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static String checkPrefix(String prefix) {
        if (prefix.isEmpty() || prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("'" + prefix + "' is not a tenant such as acme/orders/main/t0042");
        }
        for (String segment : prefix.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("'" + prefix + "' has an empty, '.' or '..' segment");
            }
        }
        return prefix;
    }
}
