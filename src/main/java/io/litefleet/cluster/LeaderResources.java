package io.litefleet.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import io.litefleet.model.InvalidSettingException;
import io.litefleet.model.Messages;
import io.litefleet.settings.LiteFleetSettings;
import io.litefleet.snapshot.TemporarySnapshots;
import io.litefleet.state.ReplicationStates;
import io.litefleet.storage.FileTarget;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What only one replicator at a time may hold: the replication states (their directory's lock, and
 * SQLite's WAL, which two hosts must never open at once), the temporary files of the state
 * directory and the unfinished objects of the file target, which only their holder may sweep
 * (another replicator's would be in use). The only replicator takes them at start-up; a member of
 * a cluster when it becomes the leader, and gives them back when it stops leading (see
 * {@link Leadership}).
 * <p>
 * A shard of a sharded group is its states only: the members write at once, each its own
 * temporary files (see {@link LiteFleetSettings#temporaryDirectory()}), and the file target's
 * unfinished objects are another member's, in use.
 */
public final class LeaderResources {

    private static final Logger LOG = LoggerFactory.getLogger(LeaderResources.class);

    private final ReplicationStates states;
    private final Optional<TemporarySnapshots> temporary;
    private final Path temporaryDirectory;
    private final Optional<FileTarget> fileTarget;
    private final Path fileDirectory;
    private boolean taken;

    public LeaderResources(ReplicationStates states, TemporarySnapshots temporary, LiteFleetSettings settings,
            Optional<FileTarget> fileTarget) {
        this(states, Optional.of(temporary), settings, fileTarget);
    }

    private LeaderResources(ReplicationStates states, Optional<TemporarySnapshots> temporary, LiteFleetSettings settings,
            Optional<FileTarget> fileTarget) {
        this.states = states;
        this.temporary = temporary;
        this.temporaryDirectory = settings.temporaryDirectory();
        this.fileTarget = fileTarget;
        this.fileDirectory = settings.fileDirectory();
    }

    /** A shard's: its states. */
    public static LeaderResources ofShard(ReplicationStates states, LiteFleetSettings settings) {
        return new LeaderResources(states, Optional.empty(), settings, Optional.empty());
    }

    /**
     * Opens the states, then sweeps what a replicator that held them before left behind (their
     * lock proves it is gone). Nothing when taken already.
     *
     * @throws InvalidSettingException naming the directory that cannot be used, or held by another replicator
     */
    public synchronized void take() {
        if (taken) {
            return;
        }
        try {
            states.open();
        } catch (IOException e) {
            throw new InvalidSettingException(LiteFleetSettings.PREFIX + "state-directory", e.getMessage());
        }
        try {
            if (temporary.isPresent()) {
                temporary.get().sweep();
            }
        } catch (IOException | RuntimeException e) {
            closeStates();
            throw new InvalidSettingException(LiteFleetSettings.PREFIX + "state-directory",
                    "cannot prepare " + temporaryDirectory.toAbsolutePath() + " (" + e.getMessage() + ")");
        }
        try {
            if (fileTarget.isPresent()) {
                fileTarget.get().removeLeftovers();
            }
        } catch (IOException e) {
            closeStates();
            throw new InvalidSettingException(LiteFleetSettings.PREFIX + "file.directory",
                    "cannot prepare " + fileDirectory.toAbsolutePath() + " (" + e.getMessage() + ")");
        }
        taken = true;
    }

    /** From now on no upload starts; those in flight still record. Then {@link #release()}. */
    public void fence() {
        states.fence();
    }

    /** Sweeps the temporary files (uploads cut off by a timeout) and closes the states. Nothing when not taken. */
    public synchronized void release() {
        if (!taken) {
            return;
        }
        taken = false;
        try {
            if (temporary.isPresent()) {
                temporary.get().sweep();
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Cannot remove the temporary files in {}: {}", temporaryDirectory.toAbsolutePath(), Messages.oneLine(e.getMessage()));
        }
        closeStates();
    }

    private void closeStates() {
        try {
            states.close();
        } catch (Exception e) {
            LOG.warn("Closing the replication states: {}", Messages.oneLine(e.getMessage()));
        }
    }
}
