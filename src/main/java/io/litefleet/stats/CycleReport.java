package io.litefleet.stats;

import java.time.Duration;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What one cycle did; the body the cycle route ends with, the summary of {@code replicate --once},
 * and the {@code last_cycle} object of /stats (where {@code databases} is {@code scanned} and
 * {@code bytesUploaded} is {@code bytes}).
 *
 * @param changed    databases found changed, {@code deferred} of them left for the next cycles
 * @param unreadable directories the scan could not read completely (not listed, or a database in it
 *                   not stat-ed): changes there went unseen
 * @param due        stores the cycle set out to make: for each database it took, the targets lacking it
 *                   (uploaded, skipped identical and failed count these, not databases)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonPropertyOrder({ "scanned", "changed", "deferred", "unreadable", "due", "uploaded", "skipped_identical", "failed", "bytes", "duration_ms" })
public record CycleReport(@JsonProperty("scanned") int databases, int changed, int deferred, int unreadable, long due, long uploaded,
        long skippedIdentical, long failed, @JsonProperty("bytes") long bytesUploaded, @JsonIgnore Duration duration) {

    @JsonProperty("duration_ms")
    long durationMillis() {
        return duration.toMillis();
    }

    /** True when the scan read every directory of the fleet. */
    public boolean scanComplete() {
        return unreadable == 0;
    }

    /**
     * True when every changed database was replicated (uploaded, or already stored with the same
     * content) and the scan was complete, so no change can have been missed.
     */
    public boolean allReplicated() {
        return failed == 0 && deferred == 0 && uploaded + skippedIdentical == due && scanComplete();
    }

    /** The cycle's log line; with its rate when it did anything, so a long first sync tells its pace. */
    public String summary() {
        String summary = String.format("%d databases, %d changed, %d uploaded, %d failed, %d unchanged content, %d bytes in %d ms",
                databases, changed, uploaded, failed, skippedIdentical, bytesUploaded, duration.toMillis());
        if (deferred > 0) {
            summary += String.format(", %d left for the next cycle", deferred);
        }
        if (!scanComplete()) {
            summary += String.format(", scan incomplete: %d %s could not be read", unreadable, unreadable == 1 ? "directory" : "directories");
        }
        long done = uploaded + skippedIdentical + failed;
        if (done == 0 || duration.isZero()) {
            return summary;
        }
        return summary + String.format(Locale.ROOT, " (%.1f databases/s)", done * 1000.0 / duration.toMillis());
    }
}
