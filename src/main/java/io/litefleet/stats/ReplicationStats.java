package io.litefleet.stats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counters of the replication, served as JSON on {@code GET /stats}. Totals count since start;
 * "last cycle" values are replaced when the next cycle's scan completes. Updated concurrently by
 * the upload threads.
 */
public final class ReplicationStats {

    private final Clock clock;
    private final Instant started;
    private final S3RequestCounter requests;
    private final RequestCosts costs;

    private final AtomicLong uploadsSuccess = new AtomicLong();
    private final AtomicLong uploadsFailed = new AtomicLong();
    private final AtomicLong skippedIdentical = new AtomicLong();
    private final AtomicLong bytesUploaded = new AtomicLong();
    private final AtomicLong cycles = new AtomicLong();

    private final AtomicLong cycleUploaded = new AtomicLong();
    private final AtomicLong cycleFailed = new AtomicLong();
    private final AtomicLong cycleSkipped = new AtomicLong();
    private final AtomicLong cycleBytes = new AtomicLong();

    private volatile Instant cycleStart;
    private volatile Instant lastScan;
    private volatile long lastScanMillis;
    private volatile int databases;
    private volatile int changedLastCycle;
    private volatile CycleReport lastCycle;

    public ReplicationStats(Clock clock, S3RequestCounter requests, RequestCosts costs) {
        this.clock = clock;
        this.started = clock.instant();
        this.requests = requests;
        this.costs = costs;
    }

    public void cycleStarted() {
        cycleStart = clock.instant();
        cycleUploaded.set(0);
        cycleFailed.set(0);
        cycleSkipped.set(0);
        cycleBytes.set(0);
    }

    public void scanCompleted(int databasesFound, int changed) {
        lastScan = clock.instant();
        lastScanMillis = Duration.between(cycleStart, lastScan).toMillis();
        databases = databasesFound;
        changedLastCycle = changed;
    }

    public void uploaded(long compressedBytes) {
        uploadsSuccess.incrementAndGet();
        cycleUploaded.incrementAndGet();
        bytesUploaded.addAndGet(compressedBytes);
        cycleBytes.addAndGet(compressedBytes);
    }

    /** A snapshot identical to the stored one: no upload, no PUT. */
    public void skippedIdentical() {
        skippedIdentical.incrementAndGet();
        cycleSkipped.incrementAndGet();
    }

    public void failed() {
        uploadsFailed.incrementAndGet();
        cycleFailed.incrementAndGet();
    }

    /** Closes the cycle and returns its report. */
    public CycleReport cycleCompleted() {
        cycles.incrementAndGet();
        CycleReport report = new CycleReport(databases, changedLastCycle, cycleUploaded.get(), cycleSkipped.get(),
                cycleFailed.get(), cycleBytes.get(), Duration.between(cycleStart, clock.instant()));
        lastCycle = report;
        return report;
    }

    /** The JSON document of {@code /stats}: the seed's fields first, then the cycle details. */
    public Map<String, Object> snapshot() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("databases", databases);
        json.put("changed_last_cycle", changedLastCycle);
        json.put("uploads_success", uploadsSuccess.get());
        json.put("uploads_failed", uploadsFailed.get());
        json.put("bytes_uploaded", bytesUploaded.get());
        json.put("skipped_identical", skippedIdentical.get());
        json.put("last_scan", lastScan == null ? null : lastScan.truncatedTo(ChronoUnit.MILLIS).toString());
        json.put("cycles", cycles.get());
        json.put("last_scan_duration_ms", lastScan == null ? null : lastScanMillis);
        CycleReport last = lastCycle;
        json.put("last_cycle_duration_ms", last == null ? null : last.duration().toMillis());
        Map<String, Long> sent = new LinkedHashMap<>();
        for (S3RequestCounter.RequestClass c : S3RequestCounter.RequestClass.values()) {
            sent.put(c.name().toLowerCase(java.util.Locale.ROOT), requests.count(c));
        }
        json.put("s3_requests", sent);
        json.put("estimated_request_cost_per_day_usd", Math.round(costs.perDay(requests, Duration.between(started, clock.instant())) * 10_000) / 10_000.0);
        return json;
    }
}
