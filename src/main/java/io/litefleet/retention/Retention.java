package io.litefleet.retention;

import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import io.litefleet.model.Messages;
import io.litefleet.model.StoredSnapshot;
import io.litefleet.model.TenantDatabase;
import io.litefleet.state.ReplicationState;
import io.litefleet.state.StateWriteException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
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
    /** The exchange property the prune route keeps the expired keys in, while the delete's response is the body. */
    public static final String EXPIRED_PROPERTY = "expired";

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
    public List<String> expiredSnapshots(@ExchangeProperty(TenantDatabase.PROPERTY) TenantDatabase tenant) throws SQLException {
        if (policy.isEmpty()) {
            return List.of();
        }
        List<StoredSnapshot> snapshots = state.snapshots(tenant.prefix());
        // the snapshot just stored is the newest (see SnapshotClock), which the policy always keeps
        return policy.get().expired(snapshots, StoredSnapshot::takenAt).stream()
                .map(StoredSnapshot::key).limit(MAX_KEYS_PER_DELETE).toList();
    }

    /** Called once the expired keys are deleted from the target. */
    public void deleted(@ExchangeProperty(TenantDatabase.PROPERTY) TenantDatabase tenant,
            @ExchangeProperty(EXPIRED_PROPERTY) List<String> keys) throws SQLException {
        state.forgetSnapshots(tenant.prefix(), keys);
        LOG.debug("Pruned {} snapshots of {}", keys.size(), tenant);
    }

    public void failed(@ExchangeProperty(TenantDatabase.PROPERTY) TenantDatabase tenant,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
        if (StateWriteException.causedBy(cause)) {
            // deleted but not forgotten: deleted again, harmlessly, after the next upload; the state said why, once
            LOG.debug("Pruned snapshots of {} not forgotten: {}", tenant, cause.getMessage());
            return;
        }
        LOG.warn("Pruning old snapshots of {} failed, retried after its next upload: {}", tenant,
                Messages.oneLine(cause == null ? null : cause.getMessage()));
    }
}
