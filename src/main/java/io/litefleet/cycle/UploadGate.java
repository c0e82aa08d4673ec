package io.litefleet.cycle;

import io.litefleet.state.ReplicationState;
import io.litefleet.storage.TargetOwner;

/**
 * Asked before each upload: none starts while the replication state cannot record it (it would be
 * uploaded again, under a new key, every cycle), nor while another replicator holds the target.
 */
public final class UploadGate {

    private final ReplicationState state;
    private final TargetOwner owner;

    public UploadGate(ReplicationState state, TargetOwner owner) {
        this.state = state;
        this.owner = owner;
    }

    public boolean closed() {
        return !state.health().writable() || owner.heldByAnother();
    }
}
