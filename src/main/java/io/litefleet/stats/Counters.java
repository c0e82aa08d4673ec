package io.litefleet.stats;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * The replicator's counters at one moment: the totals since start and what the last scan and
 * cycle found. The first part of {@code GET /stats} (field {@code uploadsSuccess} is
 * {@code uploads_success}), and what the MBean and the Prometheus meters read. Each value is read
 * without walking the fleet, so a meter may take a fresh reading on every scrape; the values that
 * do walk it (failing databases, replication lag) are in {@link ReplicationView}.
 * <p>
 * A new counter is a component here, read in {@link ReplicationStats#counters()} from where it is counted.
 *
 * @param changedLastCycle  databases the last scan found changed, the deferred ones included
 * @param deferredLastCycle of those, the ones left for the next cycles
 * @param lastScan          when the last scan ended, ISO-8601 to the millisecond; null before the first
 * @param compressionRatio  snapshot bytes read per byte uploaded; null before the first upload
 * @param lastScanKind      {@code whole}, or {@code changed directories}; null before the first scan
 * @param lastCycle         null before the first cycle ends
 * @param cycleInProgress   the cycle under way, once its scan is done; null between cycles
 * @param unreadableDirectories directories the last scan could not read (0: it saw the whole fleet); a
 *                          meter's, from the moment the scan ends: /stats says it in {@code last_cycle}
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record Counters(int databases, int changedLastCycle, int deferredLastCycle, long uploadsSuccess, long uploadsFailed,
        long bytesUploaded, String lastScan, long skippedIdentical, long bytesRead, Double compressionRatio, long cycles,
        Long lastScanDurationMs, String lastScanKind, Long lastCycleDurationMs, CycleReport lastCycle,
        ReplicationStats.Progress cycleInProgress, @JsonIgnore int unreadableDirectories) {
}
