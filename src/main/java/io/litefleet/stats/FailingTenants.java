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

    /** A database that is not being replicated. */
    public record Failure(String tenant, Path path, String reason, Instant since) {
    }

    private final Map<Path, Failure> byPath = new ConcurrentHashMap<>();

    /** @return true when this failure is news: the database was fine, or failed for another reason */
    public boolean failed(String tenant, Path path, String reason, Instant now) {
        Failure previous = byPath.get(path);
        boolean news = previous == null || !previous.reason().equals(reason);
        if (news) {
            byPath.put(path, new Failure(tenant, path, reason, previous == null ? now : previous.since()));
        }
        return news;
    }

    /** @return the failure that just ended, if the database was failing */
    public Optional<Failure> recovered(Path path) {
        return Optional.ofNullable(byPath.remove(path));
    }

    /**
     * Forgets the databases of the directories a scan {@code swept} (listed completely) that are not
     * in {@code stillBehind}: they vanished, or are replicated as they are now.
     */
    public void forgetAllBut(Predicate<Path> swept, Set<Path> stillBehind) {
        byPath.keySet().removeIf(path -> swept.test(path.getParent()) && !stillBehind.contains(path));
    }

    /** Whether the last attempt at this database failed. */
    public boolean contains(Path path) {
        return byPath.containsKey(path);
    }

    public Optional<Failure> of(String tenant) {
        return byPath.values().stream().filter(f -> f.tenant().equals(tenant)).findFirst();
    }

    public int count() {
        return byPath.size();
    }

    /** The {@code limit} most recent failures, newest first. */
    public List<Failure> mostRecent(int limit) {
        return byPath.values().stream().sorted(Comparator.comparing(Failure::since).reversed()).limit(limit).toList();
    }
}
