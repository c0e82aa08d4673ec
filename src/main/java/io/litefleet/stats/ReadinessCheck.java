package io.litefleet.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.litefleet.state.StateHealth;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Ready means backups are current: DOWN while the replication state cannot record or another
 * replicator holds the target (no upload starts), when no cycle completed within three sync
 * intervals (a stuck or far too slow cycle), or when the target refused every upload of the
 * last cycle. A standby of a cluster is ready: it runs no cycle, and takes over when the leader dies.
 * Served on {@code /observe/health/ready} with Camel's own checks.
 */
public final class ReadinessCheck extends AbstractHealthCheck {

    private final ReplicationStats stats;
    private final Duration syncInterval;
    private final Supplier<List<TargetStatus>> targets;
    private final BooleanSupplier leads;

    /**
     * @param targets those of the shards this member holds now (see {@code io.litefleet.state.ShardedStates})
     * @param leads   whether this replicator replicates: always, unless it is a standby of a cluster
     */
    public ReadinessCheck(ReplicationStats stats, Duration syncInterval, Supplier<List<TargetStatus>> targets, BooleanSupplier leads) {
        super("litefleet", "replication");
        this.stats = stats;
        this.syncInterval = syncInterval;
        this.targets = targets;
        this.leads = leads;
    }

    /** Why no upload to this target starts, if none does. */
    private static Optional<String> held(TargetStatus target) {
        StateHealth state = target.state().health();
        if (state.error().isPresent()) {
            return Optional.of("the replication state of " + target.name() + " cannot record (" + state.error().get()
                    + "): no upload to it starts");
        }
        return target.owner().other().map(other -> "the target " + target.name() + " is in use by another replicator, on "
                + other.host() + " (state " + other.stateDirectory() + ", last heartbeat " + other.heartbeat()
                + "): no upload to it starts");
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Duration allowed = syncInterval.multipliedBy(3);
        builder.detail("last_cycle_end", stats.lastCycleEnd().map(Instant::toString).orElse("none yet"));
        builder.detail("leader", leads.getAsBoolean());
        if (!leads.getAsBoolean()) {
            builder.message("standby: the leader of the cluster replicates").up();
            return;
        }
        Optional<String> held = targets.get().stream().map(ReadinessCheck::held).flatMap(Optional::stream).findFirst();
        if (held.isPresent()) {
            builder.message(held.get()).down();
        } else if (stats.sinceLastCycle().compareTo(allowed) > 0) {
            builder.message("no cycle completed in the last " + allowed.toSeconds() + " s").down();
        } else if (!stats.targetsDownLastCycle().isEmpty()) {
            builder.message("refused every upload of the last cycle: " + String.join(", ", stats.targetsDownLastCycle())).down();
        } else {
            builder.up();
        }
    }
}
