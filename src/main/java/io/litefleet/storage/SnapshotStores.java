package io.litefleet.storage;

import io.litefleet.LiteFleetSettings;

/** The store of the configured target: the same one the replicator writes to. */
public final class SnapshotStores {

    private SnapshotStores() {
    }

    public static SnapshotStore open(LiteFleetSettings settings, int maxConnections) {
        return settings.s3()
                .<SnapshotStore>map(s3 -> new S3SnapshotStore(s3, maxConnections))
                .orElseGet(() -> new FileSnapshotStore(settings.fileDirectory()));
    }
}
