package io.litefleet.model;

import java.time.Instant;
import java.util.OptionalLong;

/**
 * A snapshot on a target, as its key names it: the tenant's prefix and when it was taken. Listed
 * from the target, it also has the bytes stored; read from the replication state or parsed from a
 * key, it has not.
 *
 * @param key     {@code <prefix>/<timestamp>.db.lz4}, or {@code .db.lz4.age} when encrypted
 * @param prefix  the tenant's prefix, {@code <project>/<database>/<branch>/<tenant>}
 * @param takenAt when the snapshot was taken: the time in its key
 * @param size    bytes stored, when a listing gave them
 */
public record StoredSnapshot(String key, String prefix, Instant takenAt, OptionalLong size) {

    /** The same snapshot, as listed with {@code bytes} stored. */
    public StoredSnapshot listed(long bytes) {
        return new StoredSnapshot(key, prefix, takenAt, OptionalLong.of(bytes));
    }

    /** Encrypted with age: restoring it needs an identity. */
    public boolean encrypted() {
        return ObjectKeys.isEncrypted(key);
    }
}
