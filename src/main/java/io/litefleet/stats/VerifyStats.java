package io.litefleet.stats;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What the restore drills found since start-up, counted as they run; read as one {@link VerifyView}.
 */
public final class VerifyStats {

    /**
     * The last damaged snapshot found: where, which key, the check that failed, when.
     *
     * @param at ISO-8601, to the millisecond
     */
    public record Failure(String target, String key, String check, String at) {
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
        lastFailure = new Failure(target, key, check, clock.instant().truncatedTo(ChronoUnit.MILLIS).toString());
    }

    /** The counters as they are now. */
    public VerifyView view() {
        Instant run = lastRun;
        return new VerifyView(runs.get(), checked.get(), failed.get(), unreadable.get(), stopped.get(),
                run == null ? null : run.truncatedTo(ChronoUnit.MILLIS).toString(), lastFailure);
    }
}
