package io.litefleet.stats;

import io.litefleet.state.ReplicationState;
import io.litefleet.storage.TargetOwner;

/** What /stats and readiness read of one target: its replication state and its owner marker. */
public record TargetStatus(String name, ReplicationState state, TargetOwner owner) {
}
