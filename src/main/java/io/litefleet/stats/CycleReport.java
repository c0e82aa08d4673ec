package io.litefleet.stats;

import java.time.Duration;
import java.util.Locale;

/** What one cycle did; the body the cycle route ends with, and the summary of {@code replicate --once}. */
/**
 * @param changed  databases found changed, {@code deferred} of them left for the next cycles
 */
public record CycleReport(int databases, int changed, int deferred, long uploaded, long skippedIdentical, long failed,
        long bytesUploaded, Duration duration) {

    /** True when every changed database was replicated (uploaded, or already stored with the same content). */
    public boolean allReplicated() {
        return failed == 0 && uploaded + skippedIdentical == changed;
    }

    /** The cycle's log line; with its rate when it did anything, so a long first sync tells its pace. */
    public String summary() {
        String summary = String.format("%d databases, %d changed, %d uploaded, %d failed, %d unchanged content, %d bytes in %d ms",
                databases, changed, uploaded, failed, skippedIdentical, bytesUploaded, duration.toMillis());
        if (deferred > 0) {
            summary += String.format(", %d left for the next cycle", deferred);
        }
        long done = uploaded + skippedIdentical + failed;
        if (done == 0 || duration.isZero()) {
            return summary;
        }
        return summary + String.format(Locale.ROOT, " (%.1f databases/s)", done * 1000.0 / duration.toMillis());
    }
}
