package io.litefleet.restore;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Progress of a fleet restore on one terminal line, rewritten at most a few times a second:
 * tenants done of total, bytes, rate and time left. Silent when the output is not a terminal,
 * so logs and pipes only get the summary.
 */
public final class RestoreProgress {

    private static final long REDRAW_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final PrintStream out;
    private final boolean enabled;
    /** What is counted: tenants (a restore), snapshots (a verification). */
    private final String what;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong lastDraw = new AtomicLong();
    private volatile int total;
    private volatile long start;

    public RestoreProgress(PrintStream out, boolean enabled, String what) {
        this.out = out;
        this.enabled = enabled;
        this.what = what;
    }

    /** Tenants restored, on the terminal when there is one. */
    public static RestoreProgress onConsole() {
        return onConsole("tenants");
    }

    /** {@code what} done, on the terminal when there is one. */
    public static RestoreProgress onConsole(String what) {
        return new RestoreProgress(System.err, System.console() != null, what);
    }

    void started(int tenants) {
        total = tenants;
        start = System.nanoTime();
    }

    void finished(long restoredBytes) {
        int n = done.incrementAndGet();
        bytes.addAndGet(restoredBytes);
        long now = System.nanoTime();
        long last = lastDraw.get();
        if (enabled && (n == total || now - last >= REDRAW_NANOS) && lastDraw.compareAndSet(last, now)) {
            draw(n, now);
        }
    }

    void done() {
        if (enabled) {
            out.println();
        }
    }

    private synchronized void draw(int n, long now) {
        double seconds = Math.max(1e-3, (now - start) / 1e9);
        double rate = bytes.get() / seconds;
        long eta = n == 0 ? 0 : Math.round(seconds / n * (total - n));
        out.printf("\r%d/%d %s  %s  %s/s  ETA %ds   ", n, total, what, human(bytes.get()), human((long) rate), eta);
        out.flush();
    }

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        int unit = (63 - Long.numberOfLeadingZeros(bytes)) / 10;
        return String.format("%.1f %siB", bytes / (double) (1L << (unit * 10)), " KMGTPE".charAt(unit));
    }
}
