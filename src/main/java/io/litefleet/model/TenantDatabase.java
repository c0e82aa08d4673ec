package io.litefleet.model;

import java.nio.file.Path;

/**
 * One tenant database the scanner found changed: where it lives, the prefix its snapshots go
 * under, and the fingerprint read before its snapshot. That fingerprint becomes "replicated" only
 * once the upload succeeded, so a write landing during the snapshot makes the next cycle upload
 * again; and only when it is {@code settled} (see {@link Fingerprint#isSettled}).
 */
public record TenantDatabase(Path path, String prefix, Fingerprint fingerprint, boolean settled) {

    /** The exchange property that carries it through the cycle's split. */
    public static final String PROPERTY = "tenant";

    @Override
    public String toString() {
        return prefix + " (" + path + ")";
    }
}
