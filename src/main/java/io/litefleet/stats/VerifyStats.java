package io.litefleet.stats;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the restore drills found since start-up: the {@code verify} object of /stats and the
 * {@code litefleet_verify_*} meters read these same counters.
 */
public final class VerifyStats {

    /** The last damaged snapshot found: where, which key, the check that failed, when. */
    public record Failure(String target, String key, String check, Instant at) {
    }

    private final Clock clock;
    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong checked = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();
    private final AtomicLong stopped = new AtomicLong();
    private volatile Instant lastRun;
    private volatile Failure lastFailure;

    public VerifyStats(Clock clock) {
        this.clock = clock;
    }

    /** A drill ended, whatever it found. */
    public void runCompleted() {
        runs.incrementAndGet();
        lastRun = clock.instant();
    }

    /** A snapshot was read back and judged, sound or damaged. */
    public void checked() {
        checked.incrementAndGet();
    }

    /** A snapshot could not be read, so was not judged. */
    public void unreadable() {
        unreadable.incrementAndGet();
    }

    /** A drill stopped before its end: its target could not be read (it counts as a run too). */
    public void stopped() {
        stopped.incrementAndGet();
        runCompleted();
    }

    public void damaged(String target, String key, String check) {
        failed.incrementAndGet();
        lastFailure = new Failure(target, key, check, clock.instant());
    }

    public long runs() {
        return runs.get();
    }

    public long checkedCount() {
        return checked.get();
    }

    public long failedCount() {
        return failed.get();
    }

    public Optional<Failure> lastFailure() {
        return Optional.ofNullable(lastFailure);
    }

    /** The {@code verify} object of /stats. */
    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("runs", runs());
        json.put("checked", checkedCount());
        json.put("failed", failedCount());
        json.put("unreadable", unreadable.get());
        json.put("stopped", stopped.get());
        Instant run = lastRun;
        json.put("last_run", run == null ? null : run.truncatedTo(ChronoUnit.MILLIS).toString());
        json.put("last_failure", lastFailure().map(f -> {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("target", f.target());
            one.put("key", f.key());
            one.put("check", f.check());
            one.put("at", f.at().truncatedTo(ChronoUnit.MILLIS).toString());
            return one;
        }).orElse(null));
        return json;
    }
}
