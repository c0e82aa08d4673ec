package io.litefleet.state;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.zip.CRC32;

/**
 * The fleet split into shards ({@code litefleet.shards}), each with its replication states of its
 * own, in a directory of its own: a tenant belongs to shard {@code CRC-32(prefix) mod K}, the
 * CRC-32 of IEEE 802.3 (as zip and gzip compute it) over the prefix's UTF-8 bytes, so every member,
 * on any host, JVM or version, puts it in the same shard. With one shard (the default) the states
 * are those of the state directory itself, as they always were.
 * <p>
 * A member of a sharded group replicates the tenants of the shards it holds (those whose election
 * it won, see {@code io.litefleet.cluster.Leadership}); a scan takes the shards held when it
 * starts, and a shard is given up only between cycles, so its states stay open while a cycle uses them.
 */
public final class ShardedStates {

    private final List<ReplicationStates> shards;
    private final Set<Integer> held = new ConcurrentSkipListSet<>();

    private ShardedStates(List<ReplicationStates> shards) {
        this.shards = List.copyOf(shards);
    }

    /** One shard, held from the start: the only replicator, tests, benchmarks. */
    public static ShardedStates single(ReplicationStates states) {
        ShardedStates sharded = new ShardedStates(List.of(states));
        sharded.hold(0);
        return sharded;
    }

    /** The states of each shard, in shard order, none held yet. */
    public static ShardedStates of(List<ReplicationStates> shards) {
        return new ShardedStates(shards);
    }

    /** Where shard {@code shard} of {@code count} keeps its states: the state directory itself when there is one shard. */
    public static Path directory(Path stateDirectory, int shard, int count) {
        return count == 1 ? stateDirectory : stateDirectory.resolve("shard-" + shard + "-of-" + count);
    }

    /** The shard of the tenant under {@code prefix} among {@code count} (see the class comment). */
    public static int shardOf(String prefix, int count) {
        CRC32 crc = new CRC32();
        crc.update(prefix.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % count);
    }

    public int count() {
        return shards.size();
    }

    public int shardOf(String prefix) {
        return shardOf(prefix, shards.size());
    }

    public ReplicationStates shard(int shard) {
        return shards.get(shard);
    }

    /** From now on this member replicates the shard's tenants (its states are open). */
    public void hold(int shard) {
        held.add(shard);
    }

    /** From now on this member replicates none of the shard's tenants (before its states close). */
    public void release(int shard) {
        held.remove(shard);
    }

    /** The shards this member holds, in order. */
    public List<Integer> held() {
        return List.copyOf(held);
    }

    /** The states of the shards held now, by shard: what one scan works on. */
    public Map<Integer, ReplicationStates> heldStates() {
        Map<Integer, ReplicationStates> states = new TreeMap<>();
        held.forEach(shard -> states.put(shard, shards.get(shard)));
        return states;
    }
}
