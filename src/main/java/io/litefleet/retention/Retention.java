package io.litefleet.retention;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import io.litefleet.discovery.TenantDatabase;
import io.litefleet.snapshot.SnapshotProcessor;
import io.litefleet.state.ReplicationState;
import io.litefleet.state.ReplicationState.StoredSnapshot;
import io.litefleet.state.StateWriteException;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prunes a tenant right after it uploaded, from the snapshot keys in the replication state: no
 * LIST request, ever, in steady state. A failed delete is logged and tried again after the
 * tenant's next upload, since the keys stay in the state until they are deleted.
 */
public final class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);
    private static final int MAX_KEYS_PER_DELETE = 1000;
    private static final String EXPIRED_KEYS_PROPERTY = "LiteFleetExpiredKeys";

    private final Optional<RetentionPolicy> policy;
    private final ReplicationState state;

    /** @param policy empty when deletion is left to the bucket's lifecycle rules */
    public Retention(Optional<RetentionPolicy> policy, ReplicationState state) {
        this.policy = policy;
        this.state = state;
    }

    /**
     * The keys of the tenant's snapshots that no rule keeps, oldest first, at most 1,000 (one S3
     * multi-object delete); none when retention is disabled. More only pile up after a policy
     * change, and go 1,000 per upload (or at once with the {@code prune} command).
     */
    public List<String> expiredSnapshots(Exchange exchange) throws SQLException {
        if (policy.isEmpty()) {
            return List.of();
        }
        List<StoredSnapshot> snapshots = state.snapshots(tenant(exchange).keyPrefix());
        // the snapshot just stored is the newest (see SnapshotClock), which the policy always keeps
        List<String> expired = policy.get().expired(snapshots, StoredSnapshot::takenAt).stream()
                .map(StoredSnapshot::key).limit(MAX_KEYS_PER_DELETE).toList();
        // kept aside: the delete's response replaces the body
        exchange.setProperty(EXPIRED_KEYS_PROPERTY, expired);
        return expired;
    }

    /** Called once the expired keys are deleted from the target. */
    public void deleted(Exchange exchange) throws SQLException {
        @SuppressWarnings("unchecked")
        List<String> keys = exchange.getProperty(EXPIRED_KEYS_PROPERTY, List.class);
        state.forgetSnapshots(tenant(exchange).keyPrefix(), keys);
        LOG.debug("Pruned {} snapshots of {}", keys.size(), tenant(exchange));
    }

    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (StateWriteException.causedBy(cause)) {
            // deleted but not forgotten: deleted again, harmlessly, after the next upload; the state said why, once
            LOG.debug("Pruned snapshots of {} not forgotten: {}", tenant(exchange), cause.getMessage());
            return;
        }
        LOG.warn("Pruning old snapshots of {} failed, retried after its next upload: {}", tenant(exchange),
                io.litefleet.Messages.oneLine(cause == null ? null : cause.getMessage()));
    }

    private static TenantDatabase tenant(Exchange exchange) {
        return exchange.getProperty(SnapshotProcessor.TENANT_PROPERTY, TenantDatabase.class);
    }
}
