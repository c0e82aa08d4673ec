package io.litefleet.cycle;

import java.util.Optional;

import io.litefleet.model.TenantDatabase;
import io.litefleet.state.StateWriteException;
import io.litefleet.stats.ReplicationStats;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A database not replicated: logged once, and again only when its reason changes; every cycle
 * still counts it. The database stays changed, so the next cycle simply tries again. Nothing here
 * throws into the cycle: one broken tenant never stops the others.
 */
public final class Failures {

    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private final ReplicationStats stats;

    public Failures(ReplicationStats stats) {
        this.stats = stats;
    }

    /** The database itself failed (no snapshot): no target got it. */
    public void failed(@ExchangeProperty(TenantDatabase.PROPERTY) TenantDatabase tenant,
            @ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Throwable cause) {
        record(tenant, cause, Optional.empty());
    }

    /**
     * @param  target the target that refused the snapshot; empty when the database itself failed
     * @return        the reason, when the target failed (rather than the database or the state)
     */
    Optional<String> record(TenantDatabase tenant, Throwable cause, Optional<String> target) {
        if (StateWriteException.causedBy(cause)) {
            // stored, maybe, but not recorded: the state's own line says why, once for all databases
            stats.notStarted();
            LOG.debug("Not recorded, the replication state cannot record: {}", tenant);
            return Optional.empty();
        }
        String reason = FailureReason.of(cause);
        boolean refused = FailureReason.isTarget(cause);
        String where = target.map(t -> " to " + t).orElse("");
        if (stats.failed(tenant.prefix(), tenant.path(), target, reason, refused)) {
            LOG.warn("Not replicated{}: {}: {}", where, tenant, reason);
        } else {
            LOG.debug("Still not replicated{}: {}: {}", where, tenant, reason);
        }
        return refused ? Optional.of(reason) : Optional.empty();
    }
}
