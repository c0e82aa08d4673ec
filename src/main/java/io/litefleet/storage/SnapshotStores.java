package io.litefleet.storage;

import io.litefleet.LiteFleetSettings;
import io.litefleet.LiteFleetSettings.Target;

/** The store of a configured target: the same one the replicator writes to. */
public final class SnapshotStores {

    private SnapshotStores() {
    }

    public static SnapshotStore open(LiteFleetSettings settings, Target target, int maxConnections) {
        return target == Target.S3 ? new S3SnapshotStore(settings.s3().orElseThrow(), maxConnections)
                : new FileSnapshotStore(settings.fileDirectory());
    }
}
