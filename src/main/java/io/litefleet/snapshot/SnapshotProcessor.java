package io.litefleet.snapshot;

import java.time.Instant;

import io.litefleet.discovery.TenantDatabase;
import io.litefleet.storage.ObjectKeys;
import io.litefleet.storage.SnapshotMetadata;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;

/**
 * The checkpoint step of the pipeline: turns a {@link TenantDatabase} body into a consistent
 * snapshot file body, with the object key and metadata as headers. The temporary file is deleted
 * when the exchange completes, whether the upload succeeded or not.
 */
public final class SnapshotProcessor implements Processor {

    /** Exchange property: the {@link TenantDatabase} this exchange replicates, for the bookkeeping. */
    public static final String TENANT_PROPERTY = "LiteFleetTenant";

    private final SqliteSnapshotter snapshotter;
    private final SnapshotClock clock;

    public SnapshotProcessor(SqliteSnapshotter snapshotter, SnapshotClock clock) {
        this.snapshotter = snapshotter;
        this.clock = clock;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        if (exchange.getContext().isStopping()) {
            // Shutting down: uploads already running finish, no new one starts. The database stays
            // changed, so the next run replicates it.
            exchange.setRouteStop(true);
            return;
        }
        TenantDatabase tenant = exchange.getMessage().getMandatoryBody(TenantDatabase.class);
        exchange.setProperty(TENANT_PROPERTY, tenant);
        Instant takenAt = clock.next(tenant.keyPrefix());
        String key = ObjectKeys.snapshotKey(tenant.keyPrefix(), takenAt);
        Snapshot snapshot = snapshotter.snapshot(tenant.path());
        TemporarySnapshots.deleteWhenDone(exchange, snapshot.file());

        Message message = exchange.getMessage();
        message.setHeader(SnapshotMetadata.KEY_HEADER, key);
        message.setHeader(SnapshotMetadata.TAKEN_AT_HEADER, takenAt);
        message.setHeader(SnapshotMetadata.METADATA_HEADER, SnapshotMetadata.of(snapshot.sha256(), snapshot.size()));
        message.setBody(snapshot.file().toFile());
    }
}
