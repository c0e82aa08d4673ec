package io.litefleet.snapshot;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.litefleet.state.ReplicationStates;
import io.litefleet.state.ShardedStates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time of each new snapshot, which is also its key: the wall clock, but always later than the
 * newest snapshot recorded for the tenant ({@code max(now, newest + 1 ms)}). Restore's "newest" and
 * retention's "newest N" go by these times, so they must follow the order the snapshots were taken
 * even after the clock stepped back or once ran ahead; and two snapshots of a tenant taken within
 * one millisecond must not share a key (on S3 the second would replace the first).
 */
public final class SnapshotClock {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotClock.class);

    private final Clock clock;
    private final ShardedStates states;
    /** A clock behind the snapshots stays behind for every tenant and cycle until it catches up: said once. */
    private final AtomicBoolean behindSaid = new AtomicBoolean();

    public SnapshotClock(Clock clock, ReplicationStates state) {
        this(clock, ShardedStates.single(state));
    }

    /** A member of a sharded group: the tenant's snapshots are recorded in its shard's states. */
    public SnapshotClock(Clock clock, ShardedStates states) {
        this.clock = clock;
        this.states = states;
    }

    /** The time for a new snapshot of the tenant under {@code prefix}, in the keys' millisecond precision. */
    public Instant next(String prefix) throws SQLException {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Optional<Instant> newest = states.shard(states.shardOf(prefix)).newestSnapshotTime(prefix);
        if (newest.isEmpty() || now.isAfter(newest.get())) {
            return now;
        }
        if (now.isBefore(newest.get()) && behindSaid.compareAndSet(false, true)) {
            LOG.warn("The clock ({}) is behind the newest snapshot of {} ({}): new snapshots are stamped just after the newest"
                    + " of their tenant until the clock passes it, so the newest snapshot stays the last one taken"
                    + " (said once, whatever the tenant)", now, prefix, newest.get());
        }
        return newest.get().plusMillis(1);
    }
}
