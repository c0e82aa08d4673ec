package io.litefleet.stats;

import java.time.Duration;

/** What one cycle did; the body the cycle route ends with, and the summary of {@code replicate --once}. */
public record CycleReport(int databases, int changed, long uploaded, long skippedIdentical, long failed, long bytesUploaded,
        Duration duration) {

    /** True when every changed database was replicated (uploaded, or already stored with the same content). */
    public boolean allReplicated() {
        return failed == 0 && uploaded + skippedIdentical == changed;
    }

    public String summary() {
        return String.format("%d databases, %d changed, %d uploaded, %d failed, %d unchanged content, %d bytes in %d ms",
                databases, changed, uploaded, failed, skippedIdentical, bytesUploaded, duration.toMillis());
    }
}
