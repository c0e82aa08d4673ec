package io.litefleet.snapshot;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;

import io.litefleet.model.ObjectKeys;
import io.litefleet.model.TenantDatabase;
import io.litefleet.model.TenantSnapshot;
import org.apache.camel.ExchangeProperty;

/**
 * The snapshot step of the pipeline: a consistent copy of a changed database in a temporary file,
 * named by its key and the time it was taken. The route has the file deleted when the database's
 * exchange completes, whether the upload succeeded or not.
 */
public final class SnapshotTaker {

    private final SqliteSnapshotter snapshotter;
    private final SnapshotClock clock;

    public SnapshotTaker(SqliteSnapshotter snapshotter, SnapshotClock clock) {
        this.snapshotter = snapshotter;
        this.clock = clock;
    }

    public TenantSnapshot take(@ExchangeProperty(TenantDatabase.PROPERTY) TenantDatabase tenant) throws SnapshotException, IOException, SQLException {
        Instant takenAt = clock.next(tenant.prefix());
        Snapshot snapshot = snapshotter.snapshot(tenant.path());
        return TenantSnapshot.taken(ObjectKeys.snapshotKey(tenant.prefix(), takenAt), takenAt, snapshot.sha256(), snapshot.size(),
                snapshot.file());
    }
}
