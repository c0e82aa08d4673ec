package io.litefleet.stats;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The whole of {@code GET /stats} at one moment, as Jackson writes it: each record component is a
 * field in snake case, in declaration order; an unwrapped component's fields stand in its place.
 * A new field of /stats is a component here (or in {@link Counters}, {@link ReplicationView},
 * {@link VerifyView}) and its value where the view is built.
 *
 * @param leader  whether this replicator replicates: always, unless it is a standby of a cluster
 * @param shards  the shards it replicates ([0] when the fleet is not sharded and it leads)
 * @param shown   the first target in trouble, else the first: what stops uploads shows at the top
 * @param targets each target by its name, in the order of litefleet.target
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record StatsView(@JsonUnwrapped ReplicationView replication, boolean leader, List<Integer> shards, @JsonUnwrapped TargetView shown,
        Map<String, TargetView> targets, VerifyView verify) {

    /**
     * One target: whether its replication state records (while it cannot, no upload starts), and
     * whose target it is as far as the last check could tell.
     *
     * @param targetOwner see {@link io.litefleet.storage.TargetOwner#json()}
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record TargetView(State state, Map<String, Object> targetOwner) {
    }

    /** @param error why it cannot record; null while it can */
    public record State(boolean writable, String error) {
    }
}
