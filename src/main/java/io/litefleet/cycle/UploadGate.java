package io.litefleet.cycle;

import io.litefleet.state.ReplicationState;
import io.litefleet.storage.TargetOwner;

/**
 * Asked before each upload: none starts while the replication state cannot record it (it would be
 * uploaded again, under a new key, every cycle), nor while another replicator holds the target, nor
 * once this replicator lost its leadership of a cluster (its state is about to close: fencing).
 */
public final class UploadGate {

    private final ReplicationState state;
    private final TargetOwner owner;

    public UploadGate(ReplicationState state, TargetOwner owner) {
        this.state = state;
        this.owner = owner;
    }

    public boolean closed() {
        return !state.acceptsUploads() || !state.health().writable() || owner.heldByAnother();
    }
}
