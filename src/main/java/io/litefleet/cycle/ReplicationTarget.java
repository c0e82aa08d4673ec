package io.litefleet.cycle;

import io.litefleet.state.ReplicationState;
import io.litefleet.storage.TargetOwner;

/**
 * One target as the cycle sees it: what it has (its own replication state), who holds it (its
 * owner marker), whether uploads to it may start (its gate and breaker), and its bookkeeping.
 *
 * @param name the target's name in properties, routes ({@code direct:replicate-to-<name>}) and logs
 */
public record ReplicationTarget(String name, ReplicationState state, TargetOwner owner, UploadGate gate,
        TargetBreaker breaker, ReplicationOutcome outcome) {

    /** The route that replicates a database to this target (see the {@code replicate-to} route template). */
    public String endpoint() {
        return "direct:replicate-to-" + name;
    }
}
