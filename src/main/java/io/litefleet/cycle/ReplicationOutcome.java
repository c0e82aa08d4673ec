package io.litefleet.cycle;

import java.sql.SQLException;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import io.litefleet.discovery.Fingerprint;
import io.litefleet.discovery.TenantDatabase;
import io.litefleet.snapshot.SnapshotProcessor;
import io.litefleet.state.ReplicationState;
import io.litefleet.state.StateWriteException;
import io.litefleet.stats.FailingTenants;
import io.litefleet.stats.ReplicationStats;
import io.litefleet.storage.SnapshotMetadata;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bookkeeping of each database: a stored snapshot is recorded in the replication state (its
 * fingerprint becomes "replicated"); a snapshot identical to the last stored one is not uploaded
 * at all; a failure is logged on one line and counted, and the database stays changed, so the next
 * cycle simply tries again. Nothing here throws into the cycle: one broken tenant never stops the others.
 */
public final class ReplicationOutcome {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationOutcome.class);

    private final ReplicationState state;
    private final ReplicationStats stats;
    private final DestinationBreaker breaker;

    public ReplicationOutcome(ReplicationState state, ReplicationStats stats, DestinationBreaker breaker) {
        this.state = state;
        this.stats = stats;
        this.breaker = breaker;
    }

    /** True when the new snapshot has the sha256 of the last stored one: a {@code touch}, or a write undone. */
    public boolean alreadyStored(Exchange exchange) throws SQLException {
        Optional<String> last = state.lastSha256(tenant(exchange).path());
        return last.isPresent() && last.get().equals(metadata(exchange).get(SnapshotMetadata.SHA256));
    }

    public void identical(Exchange exchange) throws SQLException {
        TenantDatabase tenant = tenant(exchange);
        state.recordIdentical(tenant.path(), settled(tenant));
        stats.skippedIdentical(tenant).ifPresent(f -> logRecovery(tenant, f));
        LOG.debug("Unchanged content, nothing uploaded: {}", tenant);
    }

    public void replicated(Exchange exchange) throws SQLException {
        TenantDatabase tenant = tenant(exchange);
        String key = exchange.getMessage().getHeader(SnapshotMetadata.KEY_HEADER, String.class);
        state.recordUpload(tenant.path(), tenant.keyPrefix(), settled(tenant), metadata(exchange).get(SnapshotMetadata.SHA256),
                key, exchange.getMessage().getHeader(SnapshotMetadata.TAKEN_AT_HEADER, Instant.class));
        long bytes = exchange.getMessage().getHeader(SnapshotMetadata.COMPRESSED_SIZE_HEADER, 0L, Long.class);
        long sourceBytes = Long.parseLong(metadata(exchange).get(SnapshotMetadata.SOURCE_SIZE));
        breaker.succeeded();
        stats.uploaded(tenant, bytes, sourceBytes).ifPresent(f -> logRecovery(tenant, f));
        LOG.debug("Replicated {} as {} ({} bytes)", tenant, key, bytes);
    }

    /**
     * Not even tried: the {@link UploadGate} is closed (the state cannot record, or another
     * replicator holds the destination; each says so once). Counted as not replicated, but not as
     * this database's failure.
     */
    public void notStarted(@Body TenantDatabase tenant) {
        stats.notStarted();
        LOG.debug("Not started, uploads are held: {}", tenant);
    }

    /** Logs a failure once, and again only when its reason changes; every cycle still counts it. */
    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        TenantDatabase tenant = exchange.getProperty(SnapshotProcessor.TENANT_PROPERTY, TenantDatabase.class);
        if (tenant == null) {
            tenant = exchange.getMessage().getBody(TenantDatabase.class);
        }
        if (StateWriteException.causedBy(cause)) {
            // stored, maybe, but not recorded: the state's own line says why, once for all databases
            stats.notStarted();
            LOG.debug("Not recorded, the replication state cannot record: {}", tenant);
            return;
        }
        String reason = FailureReason.of(cause);
        boolean destination = FailureReason.isDestination(cause);
        if (stats.failed(tenant.keyPrefix(), tenant.path(), reason, destination)) {
            LOG.warn("Not replicated: {}: {}", tenant, reason);
        } else {
            LOG.debug("Still not replicated: {}: {}", tenant, reason);
        }
        if (destination) {
            breaker.failed(reason);
        }
    }

    private static void logRecovery(TenantDatabase tenant, FailingTenants.Failure failure) {
        LOG.info("Replicated again: {} (failing since {}: {})", tenant, failure.since(), failure.reason());
    }

    /** The fingerprint to record, when it can be trusted to change with the next write. */
    private static Optional<Fingerprint> settled(TenantDatabase tenant) {
        return tenant.settled() ? Optional.of(tenant.fingerprint()) : Optional.empty();
    }

    private static TenantDatabase tenant(Exchange exchange) {
        return exchange.getProperty(SnapshotProcessor.TENANT_PROPERTY, TenantDatabase.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> metadata(Exchange exchange) {
        return exchange.getMessage().getHeader(SnapshotMetadata.METADATA_HEADER, Map.class);
    }
}
