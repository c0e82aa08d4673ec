package io.litefleet.stats;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * How far behind the backups are: for each database with a change not yet stored, when that
 * change happened (the newest mtime of the database and its WAL when the scan first saw it).
 */
public final class ReplicationLag {

    private final Map<Path, Instant> unreplicatedSince = new ConcurrentHashMap<>();

    /** Seen changed by a scan; an older pending change keeps its time. */
    public void changed(Path database, Instant changedAt) {
        unreplicatedSince.putIfAbsent(database, changedAt);
    }

    public void caughtUp(Path database) {
        unreplicatedSince.remove(database);
    }

    public boolean contains(Path database) {
        return unreplicatedSince.containsKey(database);
    }

    /** See {@link FailingTenants#forgetAllBut}. */
    public void forgetAllBut(Predicate<Path> swept, Set<Path> stillBehind) {
        unreplicatedSince.keySet().removeIf(path -> swept.test(path.getParent()) && !stillBehind.contains(path));
    }

    /** The age of the oldest change not yet stored; empty when every change is stored. */
    public Optional<Duration> worst(Instant now) {
        return unreplicatedSince.values().stream().min(Instant::compareTo).map(oldest -> Duration.between(oldest, now));
    }
}
