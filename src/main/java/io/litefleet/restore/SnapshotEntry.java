package io.litefleet.restore;

import java.time.Instant;

import io.litefleet.storage.ObjectKeys;

/** One stored snapshot of a tenant. */
public record SnapshotEntry(String key, String tenant, Instant takenAt, long size) {

    /** Encrypted with age: restoring it needs an identity. */
    public boolean encrypted() {
        return ObjectKeys.isEncrypted(key);
    }
}
