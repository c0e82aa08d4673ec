package io.litefleet.cycle;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import io.litefleet.model.TenantDatabase;
import io.litefleet.model.TenantSnapshot;
import io.litefleet.state.ShardedStates;
import io.litefleet.stats.ReplicationStats;
import org.apache.camel.ExchangeProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every target of the replicator, for the steps of the cycle that concern them all: the start of a
 * cycle, and the choice of the targets a changed database goes to. Each target keeps its own
 * state: a database is taken to the targets that do not have it as it is now, so a target that was
 * down catches up while the others upload nothing again.
 */
public final class Targets {

    /** Exchange property: the endpoints of the targets a database goes to (the recipient list). */
    public static final String READY_PROPERTY = "targets";

    private static final Logger LOG = LoggerFactory.getLogger(Targets.class);

    /** Every target of each shard (one shard unless litefleet.shards says otherwise), in shard order. */
    private final List<List<ReplicationTarget>> shards;
    private final List<ReplicationTarget> all;
    private final Supplier<List<Integer>> held;
    private final ReplicationStats stats;

    /**
     * @param shards each shard's targets, which record in that shard's states (one shard unless the
     *               fleet is sharded)
     * @param held   the shards this member holds now
     */
    public Targets(List<List<ReplicationTarget>> shards, Supplier<List<Integer>> held, ReplicationStats stats) {
        this.shards = shards.stream().map(List::copyOf).toList();
        this.all = shards.stream().flatMap(List::stream).toList();
        this.held = held;
        this.stats = stats;
    }

    /**
     * A cycle starts, for each target: its breaker closes again; its state, if it could not record,
     * tries a small write (see {@code ReplicationState#probe}); its owner marker gets this
     * replicator's heartbeat, or tells that another replicator holds it.
     */
    public void cycleStarted() {
        for (ReplicationTarget target : held.get().stream().flatMap(shard -> shards.get(shard).stream()).toList()) {
            target.breaker().cycleStarted();
            target.state().probe();
            target.owner().heartbeat();
        }
    }

    /**
     * The endpoints of the targets this changed database goes to: those that do not have it as it
     * is now, whose uploads may start. A target held back (the state cannot record, another
     * replicator holds it, or its breaker opened this cycle) leaves the database changed there.
     */
    public List<String> ready(@ExchangeProperty(TenantDatabase.PROPERTY) TenantDatabase tenant) {
        Path path = tenant.path();
        List<String> ready = new ArrayList<>();
        for (ReplicationTarget target : shards.get(ShardedStates.shardOf(tenant.prefix(), shards.size()))) {
            if (target.state().isReplicated(path.getParent(), path.getFileName().toString(), tenant.fingerprint())) {
                continue;
            }
            stats.due(1);
            if (target.gate().closed()) {
                stats.notStarted();
                LOG.debug("Not started, uploads to {} are held: {}", target.name(), tenant);
            } else if (target.breaker().isOpen()) {
                stats.notAttempted();
            } else {
                ready.add(target.endpoint());
            }
        }
        return ready;
    }

    /**
     * Whether a target the database goes to lacks this very content: only then is the LZ4 frame
     * made (a {@code touch}, or a write undone, makes a snapshot every target already has).
     */
    public boolean anyWithout(@ExchangeProperty(READY_PROPERTY) List<String> ready,
            @ExchangeProperty(TenantDatabase.PROPERTY) TenantDatabase tenant,
            @ExchangeProperty(TenantSnapshot.PROPERTY) TenantSnapshot snapshot) throws SQLException {
        for (ReplicationTarget target : all) {
            if (ready.contains(target.endpoint()) && !target.outcome().alreadyStored(tenant, snapshot)) {
                return true;
            }
        }
        return false;
    }
}
