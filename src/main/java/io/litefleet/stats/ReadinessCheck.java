package io.litefleet.stats;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Ready means backups are current: DOWN when no cycle completed within three sync intervals (a
 * stuck or far too slow cycle), or when the destination refused every upload of the last cycle.
 * Served on {@code /observe/health/ready} with Camel's own checks.
 */
public final class ReadinessCheck extends AbstractHealthCheck {

    private final ReplicationStats stats;
    private final Duration syncInterval;

    public ReadinessCheck(ReplicationStats stats, Duration syncInterval) {
        super("litefleet", "replication");
        this.stats = stats;
        this.syncInterval = syncInterval;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        Duration allowed = syncInterval.multipliedBy(3);
        builder.detail("last_cycle_end", stats.lastCycleEnd().map(Instant::toString).orElse("none yet"));
        if (stats.sinceLastCycle().compareTo(allowed) > 0) {
            builder.message("no cycle completed in the last " + allowed.toSeconds() + " s").down();
        } else if (stats.destinationDownLastCycle()) {
            builder.message("the destination refused every upload of the last cycle").down();
        } else {
            builder.up();
        }
    }
}
