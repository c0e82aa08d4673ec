package io.litefleet.cycle;

import io.litefleet.state.ReplicationState;
import io.litefleet.storage.DestinationOwner;

/**
 * One target as the cycle sees it: what it has (its own replication state), who holds it (its
 * owner marker), whether uploads to it may start (its gate and breaker), and its bookkeeping.
 *
 * @param name the target's name in properties, routes ({@code direct:target-<name>}) and logs
 */
public record ReplicationTarget(String name, ReplicationState state, DestinationOwner owner, UploadGate gate,
        DestinationBreaker breaker, ReplicationOutcome outcome) {

    /** The route that replicates a database to this target (see the {@code target} route template). */
    public String endpoint() {
        return "direct:target-" + name;
    }
}
