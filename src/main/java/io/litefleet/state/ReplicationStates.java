package io.litefleet.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

import io.litefleet.model.Fingerprint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replication states of all targets, one per target in a subdirectory of the state directory,
 * as the scanner and the snapshot clock see them: a database is replicated when every target has
 * it, so a target that is down or was added keeps it "changed" until it caught up, while the
 * targets that have it do not upload it again (each target checks its own state, see the cycle).
 * <p>
 * The whole state directory is locked by one replicator, which also sweeps its temporary files.
 * A replicator of a cluster opens the states only while it leads, and closes them when it stops
 * leading, so they can be opened, closed and opened again.
 */
public final class ReplicationStates implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationStates.class);

    private final Path root;
    private final Map<String, String> identities;
    private final List<ReplicationState> states;
    /** Held while open; null while closed. */
    private AutoCloseable rootLock;

    private ReplicationStates(Path root, Map<String, String> identities, List<ReplicationState> states, AutoCloseable rootLock) {
        this.root = root;
        this.identities = Map.copyOf(identities);
        this.states = List.copyOf(states);
        this.rootLock = rootLock;
    }

    /** A single state, its directory locked by itself (tests, benchmarks). */
    public static ReplicationStates of(ReplicationState state) {
        return new ReplicationStates(null, Map.of(), List.of(state), () -> { });
    }

    /**
     * Locks {@code root} and opens the state of each target in its own subdirectory.
     *
     * @param identities the subdirectory name of each target and what its state is valid for (see
     *                   {@link ReplicationState#open}), in the order of the targets
     * @param objectForm how objects are made (plain or encrypted to which recipients)
     * @throws IOException when another replicator holds the directory, or a state cannot be used
     */
    public static ReplicationStates open(Path root, Map<String, String> identities, String objectForm) throws IOException {
        ReplicationStates states = closed(root, identities, objectForm);
        states.open();
        return states;
    }

    /** The states of {@link #open(Path, Map, String)}, not opened yet: nothing is read or locked until {@link #open()}. */
    public static ReplicationStates closed(Path root, Map<String, String> identities, String objectForm) {
        List<ReplicationState> states = new ArrayList<>();
        for (Map.Entry<String, String> target : identities.entrySet()) {
            states.add(ReplicationState.closed(root.resolve(target.getKey()), target.getValue(), objectForm));
        }
        return new ReplicationStates(root, identities, states, null);
    }

    /**
     * Locks the root and opens each state (see {@link #open(Path, Map, String)}); nothing when open.
     *
     * @throws IOException when another replicator holds the directory, or a state cannot be used
     */
    public synchronized void open() throws IOException {
        if (rootLock != null) {
            return;
        }
        Files.createDirectories(root);
        StateLock lock = StateLock.acquire(root);
        List<ReplicationState> opened = new ArrayList<>();
        try {
            adoptRootState(root, identities);
            for (ReplicationState state : states) {
                state.open();
                opened.add(state);
            }
            rootLock = lock;
        } catch (IOException | RuntimeException e) {
            for (ReplicationState state : opened) {
                closeQuietly(state);
            }
            lock.close();
            throw e;
        }
    }

    /** No upload may start from now on (see {@link ReplicationState#fence()}); close them next. */
    public void fence() {
        states.forEach(ReplicationState::fence);
    }

    /**
     * A state written before targets had states of their own lies at the root: it moves, once, to
     * the target it was recorded for (the first target when none matches, which then empties it),
     * so upgrading does not upload the whole fleet again.
     */
    private static void adoptRootState(Path root, Map<String, String> identities) throws IOException {
        Path file = root.resolve(ReplicationState.FILE_NAME);
        if (Files.notExists(file)) {
            return;
        }
        Optional<String> recorded = ReplicationState.recordedTarget(file);
        String target = identities.entrySet().stream().filter(e -> recorded.isPresent() && e.getValue().equals(recorded.get()))
                .map(Map.Entry::getKey).findFirst().orElse(identities.keySet().iterator().next());
        Path directory = root.resolve(target);
        if (Files.exists(directory.resolve(ReplicationState.FILE_NAME))) {
            return; // that target has a state already: the old one stays, unused
        }
        Files.createDirectories(directory);
        for (String suffix : List.of("-wal", "-shm", "")) {
            Path part = root.resolve(ReplicationState.FILE_NAME + suffix);
            if (Files.exists(part)) {
                Files.move(part, directory.resolve(part.getFileName()));
            }
        }
        LOG.info("Replication state {} moved to {}, the state of target {}", file, directory, target);
    }

    private static void closeQuietly(ReplicationState state) {
        try {
            state.close();
        } catch (SQLException | IOException e) {
            LOG.debug("Closing a state while another failed to open: {}", e.getMessage());
        }
    }

    /** The states, in the order of the targets. */
    public List<ReplicationState> all() {
        return states;
    }

    /**
     * The scanner's test: every target has the database as it is now. Asks every state, as each
     * learns from it that the database still exists.
     */
    public boolean isReplicated(Path directory, String name, Fingerprint current) {
        boolean everywhere = true;
        for (ReplicationState state : states) {
            everywhere &= state.isReplicated(directory, name, current);
        }
        return everywhere;
    }

    public void stillPresent(Path directory, String name) {
        states.forEach(state -> state.stillPresent(directory, name));
    }

    /** The databases an operator asked to upload again, to any target. */
    public Set<Path> forcedDatabases() {
        Set<Path> forced = new HashSet<>();
        states.forEach(state -> forced.addAll(state.forcedDatabases()));
        return forced;
    }

    public void endScan(Predicate<Path> swept) throws SQLException {
        for (ReplicationState state : states) {
            state.endScan(swept);
        }
    }

    /** The newest snapshot of the tenant on any target: a new one is later than all of them. */
    public Optional<Instant> newestSnapshotTime(String prefix) throws SQLException {
        Optional<Instant> newest = Optional.empty();
        for (ReplicationState state : states) {
            Optional<Instant> time = state.newestSnapshotTime(prefix);
            if (time.isPresent() && (newest.isEmpty() || time.get().isAfter(newest.get()))) {
                newest = time;
            }
        }
        return newest;
    }

    /** Forces the next cycle to upload the tenant to every target; false when no target knows it. */
    public boolean resync(String prefix) throws SQLException {
        boolean known = false;
        for (ReplicationState state : states) {
            known |= state.resync(prefix);
        }
        return known;
    }

    /** Closes every state and unlocks the root; they may be {@link #open() opened} again. Nothing when closed. */
    @Override
    public synchronized void close() throws Exception {
        if (rootLock == null) {
            return;
        }
        try {
            for (ReplicationState state : states) {
                state.close();
            }
        } finally {
            rootLock.close();
            rootLock = null;
        }
    }
}
