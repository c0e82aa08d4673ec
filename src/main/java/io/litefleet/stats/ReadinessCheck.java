package io.litefleet.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import io.litefleet.state.StateHealth;
import io.litefleet.storage.DestinationOwner;
import io.litefleet.storage.OwnerMarker;
import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Ready means backups are current: DOWN while the replication state cannot record or another
 * replicator holds the destination (no upload starts), when no cycle completed within three sync
 * intervals (a stuck or far too slow cycle), or when the destination refused every upload of the
 * last cycle.
 * Served on {@code /observe/health/ready} with Camel's own checks.
 */
public final class ReadinessCheck extends AbstractHealthCheck {

    private final ReplicationStats stats;
    private final Duration syncInterval;
    private final StateHealth state;
    private final DestinationOwner owner;

    public ReadinessCheck(ReplicationStats stats, Duration syncInterval, StateHealth state, DestinationOwner owner) {
        super("litefleet", "replication");
        this.stats = stats;
        this.syncInterval = syncInterval;
        this.state = state;
        this.owner = owner;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Duration allowed = syncInterval.multipliedBy(3);
        builder.detail("last_cycle_end", stats.lastCycleEnd().map(Instant::toString).orElse("none yet"));
        if (state.error().isPresent()) {
            builder.message("the replication state cannot record (" + state.error().get() + "): no upload starts").down();
        } else if (owner.other().isPresent()) {
            OwnerMarker other = owner.other().get();
            builder.message("the destination is in use by another replicator, on " + other.host() + " (state "
                    + other.stateDirectory() + ", last heartbeat " + other.heartbeat() + "): no upload starts").down();
        } else if (stats.sinceLastCycle().compareTo(allowed) > 0) {
            builder.message("no cycle completed in the last " + allowed.toSeconds() + " s").down();
        } else if (stats.destinationDownLastCycle()) {
            builder.message("the destination refused every upload of the last cycle").down();
        } else {
            builder.up();
        }
    }
}
