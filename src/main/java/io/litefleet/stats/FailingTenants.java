package io.litefleet.stats;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The databases whose last attempt failed, with the reason and since when. Lets the log say a
 * failure once (and again only when its reason changes) instead of every cycle, and lets /stats
 * show which tenants are not backed up.
 */
public final class FailingTenants {

    /**
     * A database that is not being replicated.
     *
     * @param target the target that refused it; empty when the database itself failed (no snapshot)
     */
    public record Failure(String tenant, Path path, Optional<String> target, String reason, Instant since) {
    }

    /** Each target fails on its own: one down does not hide that another replicated the database. */
    private record Key(Path path, Optional<String> target) {
    }

    private final Map<Key, Failure> byKey = new ConcurrentHashMap<>();

    /** @return true when this failure is news: the database was fine there, or failed for another reason */
    public boolean failed(String tenant, Path path, Optional<String> target, String reason, Instant now) {
        Key key = new Key(path, target);
        Failure previous = byKey.get(key);
        boolean news = previous == null || !previous.reason().equals(reason);
        if (news) {
            byKey.put(key, new Failure(tenant, path, target, reason, previous == null ? now : previous.since()));
        }
        return news;
    }

    /**
     * The database is stored on {@code target}: that target's failure ends, and so does a failure
     * of the database itself (it could be snapshotted).
     *
     * @return the failure that just ended, if the database was failing there
     */
    public Optional<Failure> recovered(Path path, String target) {
        Optional<Failure> own = Optional.ofNullable(byKey.remove(new Key(path, Optional.of(target))));
        Optional<Failure> database = Optional.ofNullable(byKey.remove(new Key(path, Optional.empty())));
        return own.or(() -> database);
    }

    /**
     * Forgets the databases of the directories a scan {@code swept} (listed completely) that are not
     * in {@code stillBehind}: they vanished, or are replicated as they are now.
     */
    public void forgetAllBut(Predicate<Path> swept, Set<Path> stillBehind) {
        byKey.keySet().removeIf(key -> swept.test(key.path().getParent()) && !stillBehind.contains(key.path()));
    }

    /** Whether the last attempt at this database failed, anywhere. */
    public boolean contains(Path path) {
        return byKey.keySet().stream().anyMatch(key -> key.path().equals(path));
    }

    public Optional<Failure> of(String tenant) {
        return byKey.values().stream().filter(f -> f.tenant().equals(tenant)).findFirst();
    }

    /** Databases failing, each counted once however many targets it fails on. */
    public int count() {
        return (int) byKey.keySet().stream().map(Key::path).distinct().count();
    }

    /** The {@code limit} most recent failures, newest first. */
    public List<Failure> mostRecent(int limit) {
        return byKey.values().stream().sorted(Comparator.comparing(Failure::since).reversed()).limit(limit).toList();
    }
}
