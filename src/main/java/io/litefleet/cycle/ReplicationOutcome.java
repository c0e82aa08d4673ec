package io.litefleet.cycle;

import java.sql.SQLException;
import java.util.Optional;

import io.litefleet.model.Fingerprint;
import io.litefleet.model.TenantDatabase;
import io.litefleet.model.TenantSnapshot;
import io.litefleet.state.ReplicationState;
import io.litefleet.stats.FailingTenants;
import io.litefleet.stats.ReplicationStats;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bookkeeping of each database on one target: a stored snapshot is recorded in the target's
 * replication state (its fingerprint becomes "replicated" there); a snapshot identical to the last
 * one stored there is not uploaded at all; a failure is logged on one line and counted (see
 * {@link Failures}), and the database stays changed for this target only, so the next cycle tries
 * this target again and the others do not upload it again.
 */
public final class ReplicationOutcome {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationOutcome.class);

    private final String target;
    private final ReplicationState state;
    private final ReplicationStats stats;
    private final TargetBreaker breaker;
    private final Failures failures;

    public ReplicationOutcome(String target, ReplicationState state, ReplicationStats stats, TargetBreaker breaker, Failures failures) {
        this.target = target;
        this.state = state;
        this.stats = stats;
        this.breaker = breaker;
        this.failures = failures;
    }

    /** True when the new snapshot has the sha256 of the last stored one: a {@code touch}, or a write undone. */
    public boolean alreadyStored(@ExchangeProperty(TenantDatabase.PROPERTY) TenantDatabase tenant,
            @ExchangeProperty(TenantSnapshot.PROPERTY) TenantSnapshot snapshot) throws SQLException {
        return state.lastSha256(tenant.path()).filter(snapshot.sha256()::equals).isPresent();
    }

    public void identical(@ExchangeProperty(TenantDatabase.PROPERTY) TenantDatabase tenant) throws SQLException {
        state.recordIdentical(tenant.path(), settled(tenant));
        stats.skippedIdentical(tenant, target).ifPresent(f -> logRecovery(tenant, f));
        LOG.debug("Unchanged content, nothing uploaded to {}: {}", target, tenant);
    }

    public void replicated(@ExchangeProperty(TenantDatabase.PROPERTY) TenantDatabase tenant,
            @ExchangeProperty(TenantSnapshot.PROPERTY) TenantSnapshot snapshot) throws SQLException {
        state.recordUpload(tenant.path(), tenant.prefix(), settled(tenant), snapshot.sha256(), snapshot.key(), snapshot.takenAt());
        breaker.succeeded();
        stats.uploaded(tenant, target, snapshot.objectSize(), snapshot.size()).ifPresent(f -> logRecovery(tenant, f));
        LOG.debug("Replicated {} to {} as {} ({} bytes)", tenant, target, snapshot.key(), snapshot.objectSize());
    }

    /** Counts and logs the failure; a failure of the target itself counts towards its breaker. */
    public void failed(@ExchangeProperty(TenantDatabase.PROPERTY) TenantDatabase tenant,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
        failures.record(tenant, cause, Optional.of(target)).ifPresent(breaker::failed);
    }

    private void logRecovery(TenantDatabase tenant, FailingTenants.Failure failure) {
        LOG.info("Replicated again to {}: {} (failing since {}: {})", target, tenant, failure.since(), failure.reason());
    }

    /** The fingerprint to record, when it can be trusted to change with the next write. */
    private static Optional<Fingerprint> settled(TenantDatabase tenant) {
        return tenant.settled() ? Optional.of(tenant.fingerprint()) : Optional.empty();
    }
}
