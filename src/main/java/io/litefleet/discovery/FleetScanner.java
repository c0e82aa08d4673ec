package io.litefleet.discovery;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.litefleet.model.Fingerprint;
import io.litefleet.model.Messages;
import io.litefleet.model.TenantDatabase;
import io.litefleet.state.ReplicationStates;
import io.litefleet.state.ShardedStates;
import io.litefleet.stats.ReplicationStats;
import io.litefleet.storage.PathTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First step of a cycle: fingerprints the fleet's databases and replaces the message body with the
 * list of {@link TenantDatabase}s whose fingerprint differs from the last replicated one. New
 * databases count as changed; vanished ones leave the replication state.
 * <p>
 * A whole walk lists every directory of the discovery pattern and stats every database. With a
 * {@link DirectoryWatcher}, the cycles in between list only the directories that had a database
 * event, plus those of the databases the last cycle found changed (a failed upload is retried
 * whatever the events say, and so is a database an operator asked to resync); a whole walk comes
 * back every {@code fullScanInterval}, and whenever the watcher cannot vouch for the events.
 * <p>
 * A directory it cannot read (not listed, or a database in it not stat-ed) makes the scan
 * incomplete: it is said once, listed again every scan until it can be read, and counted in the
 * cycle's report, so {@code replicate --once} does not claim a complete backup. Nothing under it
 * is forgotten meanwhile.
 * <p>
 * A cycle takes at most {@code maxPerCycle} changed databases, so the list it holds stays bounded
 * however large a first sync is; the directories of the others are listed again next scan. It
 * takes the oldest changes first, and the databases whose last attempt failed last of all: a few
 * that always fail (and, unchanged, always look the oldest) would otherwise fill every cycle.
 */
public final class FleetScanner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FleetScanner.class);

    private final DiscoveryPattern pattern;
    private final PathTemplate pathTemplate;
    private final ShardedStates states;
    private final ReplicationStats stats;
    private final Optional<DirectoryWatcher> watcher;
    private final long fullScanIntervalNanos;
    private final int maxPerCycle;

    /** What the last whole walk found: every directory of databases, and how many each held when last listed. */
    private Map<Path, DiscoveryPattern.Leaf> leaves = Map.of();
    private final Map<Path, Integer> databasesPerLeaf = new ConcurrentHashMap<>();
    private long lastWholeWalk;
    /** True until a whole walk completes without an error that only a whole walk can retry. */
    private volatile boolean wholeWalkDue = true;
    /** Directories a scan could not read, each warned about once, until a scan reads it again. */
    private final Set<Path> unreadable = ConcurrentHashMap.newKeySet();
    /**
     * Directories to list next scan whatever the events say: those of the databases this scan
     * found changed (until they are replicated) and those it could not list or stat cleanly.
     */
    private Set<Path> pending = Set.of();
    /** Databases whose name cannot be a key, each warned about once: a rename is a new path. */
    private final Set<Path> unrepresentable = ConcurrentHashMap.newKeySet();

    /** A scanner that walks the whole fleet every time and hands every changed database to its cycle. */
    public FleetScanner(DiscoveryPattern pattern, PathTemplate pathTemplate, ReplicationStates state, ReplicationStats stats) {
        this(pattern, pathTemplate, state, stats, Optional.empty(), Duration.ZERO, Integer.MAX_VALUE);
    }

    /**
     * @param maxPerCycle the most changed databases one cycle takes, the oldest changes first; the
     *                    others are left for the next cycles (the list a cycle holds costs heap)
     */
    public FleetScanner(DiscoveryPattern pattern, PathTemplate pathTemplate, ReplicationStates state, ReplicationStats stats,
            Optional<DirectoryWatcher> watcher, Duration fullScanInterval, int maxPerCycle) {
        this(pattern, pathTemplate, ShardedStates.single(state), stats, watcher, fullScanInterval, maxPerCycle);
    }

    /**
     * A member of a sharded group: each scan takes the tenants of the shards it holds when it starts,
     * and leaves the others' before it reads a single attribute of their files.
     */
    public FleetScanner(DiscoveryPattern pattern, PathTemplate pathTemplate, ShardedStates states, ReplicationStats stats,
            Optional<DirectoryWatcher> watcher, Duration fullScanInterval, int maxPerCycle) {
        this.pattern = pattern;
        this.pathTemplate = pathTemplate;
        this.states = states;
        this.stats = stats;
        this.watcher = watcher;
        this.fullScanIntervalNanos = fullScanInterval.toNanos();
        this.maxPerCycle = maxPerCycle;
    }

    /** The order a cycle takes changed databases in (see the class comment). */
    private Comparator<TenantDatabase> takenFirst() {
        return Comparator.comparing((TenantDatabase db) -> stats.failing().contains(db.path()))
                .thenComparingLong(db -> db.fingerprint().changedNanos());
    }

    /** The next scan walks the whole fleet (the replication state was opened afresh: another replicator may have recorded). */
    public void walkWholeFleetNext() {
        wholeWalkDue = true;
    }

    /** One scan of the fleet; returns the changed databases. */
    public List<TenantDatabase> scan() {
        // read first: the events of this scan's own walk are for the next one
        Optional<Set<DiscoveryPattern.Leaf>> events = watcher.flatMap(DirectoryWatcher::changes);
        boolean whole = events.isEmpty() || wholeWalkDue || System.nanoTime() - lastWholeWalk >= fullScanIntervalNanos;
        Map<Integer, ReplicationStates> held = states.heldStates();
        Walk walk = new Walk(epochNanos(), held);
        Set<DiscoveryPattern.Leaf> toList = new HashSet<>();
        if (whole) {
            boolean baseMissing = !Files.isDirectory(pattern.base());
            if (baseMissing) {
                walk.troubled.add(pattern.base());
                if (unreadable.add(pattern.base())) {
                    LOG.warn("Discovery base directory {} does not exist (unmounted?): nothing to scan", pattern.base().toAbsolutePath());
                }
            }
            lastWholeWalk = System.nanoTime();
            databasesPerLeaf.clear();
            leaves = pattern.walk(walk).stream().collect(Collectors.toMap(DiscoveryPattern.Leaf::directory, leaf -> leaf));
            // a directory of databases is listed again next scan (see pending); above them, only a whole walk looks again
            wholeWalkDue = baseMissing || walk.troubled.stream().anyMatch(directory -> !leaves.containsKey(directory));
        } else {
            toList.addAll(events.get());
            Stream.concat(pending.stream(), held.values().stream().flatMap(s -> s.forcedDatabases().stream()).map(Path::getParent))
                    .map(leaves::get).filter(Objects::nonNull).forEach(toList::add);
            pattern.walk(toList, walk);
        }
        // Only what was walked without error may be forgotten: after an unreadable directory or an
        // unmounted volume, forgetting would make every database under it upload again once it is back.
        Predicate<Path> sweep = whole && walk.troubled.isEmpty() ? directory -> true : walk::listedCleanly;
        try {
            for (ReplicationStates state : held.values()) {
                state.endScan(sweep);
            }
        } catch (SQLException e) {
            LOG.warn("Cannot forget vanished databases in the replication state: {}", Messages.oneLine(e.getMessage()));
        }
        stats.forgetAllBut(sweep, walk.behind);
        unreadable.removeIf(directory -> {
            boolean readAgain = whole ? walk.entered.contains(directory) && !walk.troubled.contains(directory) : walk.listedCleanly(directory);
            if (readAgain) {
                LOG.info("Directory {} can be read again", directory);
            }
            return readAgain || whole && !walk.entered.contains(directory); // or gone
        });
        List<TenantDatabase> changed = walk.taken();
        Set<Path> next = new HashSet<>(walk.troubled);
        next.addAll(walk.deferredDirectories);
        changed.forEach(db -> next.add(db.path().getParent()));
        toList.stream().map(DiscoveryPattern.Leaf::directory).filter(d -> !walk.listedCleanly(d)).forEach(next::add);
        pending = next;
        int databases = databasesPerLeaf.values().stream().mapToInt(Integer::intValue).sum();
        stats.scanCompleted(databases, changed, walk.deferred, walk.troubled.size(), whole);
        return changed;
    }

    /** One scan's visitor; called from the walk's threads at once. */
    private final class Walk implements DiscoveryPattern.Visitor {
        private final long startedAt;
        /** The changed databases this cycle takes, the last to take at the head, so it is the one to give up. */
        private final PriorityQueue<TenantDatabase> changed = new PriorityQueue<>(takenFirst().reversed());
        private int deferred;
        private final Set<Path> deferredDirectories = new HashSet<>();
        /** Directories a whole walk entered, listed or not. */
        private final Set<Path> entered = new HashSet<>();
        private final Set<Path> listed = ConcurrentHashMap.newKeySet();
        /** Directories it could not read completely. */
        private final Set<Path> troubled = ConcurrentHashMap.newKeySet();
        /** Databases it found that are failing or behind, and still are (see {@link ReplicationStats#forgetAllBut}). */
        private final Set<Path> behind = ConcurrentHashMap.newKeySet();
        /** The states of the shards this scan replicates. */
        private final Map<Integer, ReplicationStates> held;

        Walk(long startedAt, Map<Integer, ReplicationStates> held) {
            this.startedAt = startedAt;
            this.held = held;
        }

        /** The states of the database's shard, if this scan replicates it (with one shard, without rendering its key). */
        private Optional<ReplicationStates> stateOf(DiscoveryPattern.Match match) {
            if (states.count() == 1) {
                return Optional.ofNullable(held.get(0));
            }
            return prefixOf(match).map(states::shardOf).map(held::get);
        }

        @Override
        public void entering(Path directory, Optional<DiscoveryPattern.Leaf> leaf) {
            entered.add(directory);
            watcher.ifPresent(w -> w.watch(directory, leaf));
        }

        @Override
        public void matched(DiscoveryPattern.Match match) {
            if (match.name().indexOf('\uFFFD') >= 0) {
                // Java read bytes that are not UTF-8 as U+FFFD: the name no longer opens the file,
                // and two such names would share a key
                refuse(match, "'" + match.name() + "' is not valid UTF-8");
                return;
            }
            Optional<ReplicationStates> shard = stateOf(match);
            if (shard.isEmpty()) {
                return; // another member's shard
            }
            ReplicationStates state = shard.get();
            Fingerprint fingerprint;
            try {
                fingerprint = Fingerprint.read(match.database(), match.hasWal());
            } catch (NoSuchFileException e) {
                return; // deleted since the listing
            } catch (Fingerprint.NotAFileException e) {
                notADatabase(match, e.getMessage());
                return;
            } catch (IOException e) {
                state.stillPresent(match.directory(), match.name());
                troubled(match.directory(), "cannot read the attributes of " + match.name() + " (" + reason(e) + ")");
                return;
            }
            if (!state.isReplicated(match.directory(), match.name(), fingerprint)) {
                Optional<String> prefix = prefixOf(match);
                if (prefix.isEmpty()) {
                    return;
                }
                if (stats.isBehind(match.database())) {
                    behind.add(match.database());
                }
                take(new TenantDatabase(match.database(), prefix.get(), fingerprint, fingerprint.isSettled(startedAt)));
            }
        }

        /** The database's prefix; empty, said once, when its name cannot be a key. */
        private Optional<String> prefixOf(DiscoveryPattern.Match match) {
            try {
                return Optional.of(pathTemplate.render(match.values()));
            } catch (IllegalArgumentException e) {
                refuse(match, e.getMessage());
                return Optional.empty();
            }
        }

        private void refuse(DiscoveryPattern.Match match, String reason) {
            if (unrepresentable.add(match.database())) {
                LOG.warn("Not replicated: {}: its name cannot be a key ({})", match.database(), reason);
            }
        }

        /** Failing as long as it is there, said once: it is not read, let alone snapshotted. */
        private void notADatabase(DiscoveryPattern.Match match, String reason) {
            Optional<String> tenant = prefixOf(match);
            if (tenant.isEmpty()) {
                return;
            }
            behind.add(match.database());
            if (stats.notADatabase(tenant.get(), match.database(), reason)) {
                LOG.warn("Not replicated: {} ({}): {}", tenant.get(), match.database(), reason);
            }
        }

        /** Said once per directory, until a scan reads it again. */
        private void troubled(Path directory, String problem) {
            troubled.add(directory);
            if (unreadable.add(directory)) {
                LOG.warn("Skipping directory {}: {}; listed again every cycle until it can be read", directory, problem);
            } else {
                LOG.debug("Still skipping directory {}: {}", directory, problem);
            }
        }

        /** Keeps the {@code maxPerCycle} first to take; the directories of the others are listed again next scan. */
        private synchronized void take(TenantDatabase db) {
            changed.add(db);
            if (changed.size() > maxPerCycle) {
                deferred++;
                deferredDirectories.add(changed.poll().path().getParent());
            }
        }

        /** The changed databases this cycle takes, in the order to take them. */
        synchronized List<TenantDatabase> taken() {
            List<TenantDatabase> list = new ArrayList<>(changed);
            list.sort(takenFirst());
            return list;
        }

        @Override
        public void listed(DiscoveryPattern.Leaf leaf, int databases) {
            databasesPerLeaf.put(leaf.directory(), databases);
            listed.add(leaf.directory());
        }

        @Override
        public void unreadable(Path directory, IOException problem) {
            troubled(directory, "cannot read it (" + reason(problem) + ")");
        }

        boolean listedCleanly(Path directory) {
            return listed.contains(directory) && !troubled.contains(directory);
        }
    }

    @Override
    public void close() {
        watcher.ifPresent(DirectoryWatcher::close);
    }

    /** What went wrong, without the path the exception names (the log line names it already). */
    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return Messages.oneLine(e.getMessage());
    }

    /** The wall clock, as file modification times are stamped. */
    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
