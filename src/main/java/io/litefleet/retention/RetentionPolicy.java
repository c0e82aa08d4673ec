package io.litefleet.retention;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * Which snapshots to keep, in restic's vocabulary: {@code keepLast} newest snapshots; for the last
 * {@code keepHourly} hours (days, ISO weeks) that have snapshots, the newest snapshot of each. A
 * snapshot survives if any rule keeps it, and the newest snapshot of a tenant always survives: it
 * is the one the replication state compares new content with. Calendar buckets are UTC.
 */
public record RetentionPolicy(int keepLast, int keepHourly, int keepDaily, int keepWeekly) {

    /** The snapshots no rule keeps, in the order given. */
    public <T> List<T> expired(List<T> snapshots, Function<T, Instant> takenAt) {
        List<T> newestFirst = new ArrayList<>(snapshots);
        newestFirst.sort(Comparator.comparing(takenAt).reversed());
        Set<T> kept = new HashSet<>();
        if (!newestFirst.isEmpty()) {
            kept.add(newestFirst.get(0));
        }
        kept.addAll(newestFirst.subList(0, Math.min(keepLast, newestFirst.size())));
        keepNewestPerBucket(newestFirst, takenAt, keepHourly, t -> t.truncatedTo(ChronoUnit.HOURS), kept);
        keepNewestPerBucket(newestFirst, takenAt, keepDaily, t -> t.truncatedTo(ChronoUnit.DAYS), kept);
        keepNewestPerBucket(newestFirst, takenAt, keepWeekly, RetentionPolicy::isoWeek, kept);
        return snapshots.stream().filter(s -> !kept.contains(s)).toList();
    }

    private static <T> void keepNewestPerBucket(List<T> newestFirst, Function<T, Instant> takenAt, int buckets,
            Function<Instant, Object> bucketOf, Set<T> kept) {
        Object current = null;
        int seen = 0;
        for (T snapshot : newestFirst) {
            if (seen == buckets) {
                return;
            }
            Object bucket = bucketOf.apply(takenAt.apply(snapshot));
            if (!Objects.equals(bucket, current)) {
                kept.add(snapshot);
                current = bucket;
                seen++;
            }
        }
    }

    private static Object isoWeek(Instant t) {
        var date = t.atZone(ZoneOffset.UTC).toLocalDate();
        return date.get(IsoFields.WEEK_BASED_YEAR) * 100 + date.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
    }
}
