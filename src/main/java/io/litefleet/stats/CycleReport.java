package io.litefleet.stats;

import java.time.Duration;

/** What one cycle did; the body the cycle route ends with, and the summary of {@code replicate --once}. */
public record CycleReport(int databases, int changed, long uploaded, long failed, long bytesUploaded, Duration duration) {

    /** True when every changed database was replicated. */
    public boolean allReplicated() {
        return failed == 0 && uploaded == changed;
    }

    public String summary() {
        return String.format("%d databases, %d changed, %d uploaded, %d failed, %d bytes in %d ms",
                databases, changed, uploaded, failed, bytesUploaded, duration.toMillis());
    }
}
