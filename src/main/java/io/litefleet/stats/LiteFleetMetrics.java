package io.litefleet.stats;

import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * LiteFleet's own meters, in the registry Camel serves on {@code /observe/metrics} beside its route
 * metrics. They read the same counters as /stats, so the two always agree. Prometheus names:
 * {@code litefleet_uploads_total}, {@code litefleet_upload_failures_total},
 * {@code litefleet_uploaded_bytes_total}, {@code litefleet_skipped_identical_total},
 * {@code litefleet_tracked_databases}, {@code litefleet_failing_databases},
 * {@code litefleet_replication_lag_seconds}, {@code litefleet_unreadable_directories},
 * {@code litefleet_cycle_duration_seconds} (histogram); of the restore drills
 * {@code litefleet_verify_runs_total}, {@code litefleet_verify_checked_total},
 * {@code litefleet_verify_failed_total}; {@code litefleet_leader} (1 while this replicator replicates,
 * 0 on a standby of a cluster).
 */
public final class LiteFleetMetrics {

    private LiteFleetMetrics() {
    }

    /** @param leads whether this replicator replicates: always, unless it is a standby of a cluster */
    public static void bind(MeterRegistry registry, ReplicationStats stats, VerifyStats verify, BooleanSupplier leads) {
        Gauge.builder("litefleet.leader", leads, l -> l.getAsBoolean() ? 1 : 0)
                .description("1 while this replicator replicates, 0 on a standby of a cluster").register(registry);
        FunctionCounter.builder("litefleet.verify.runs", verify, VerifyStats::runs)
                .description("Restore drills run (one per target each litefleet.verify.interval)").register(registry);
        FunctionCounter.builder("litefleet.verify.checked", verify, VerifyStats::checkedCount)
                .description("Stored snapshots read back and checked by the restore drills").register(registry);
        FunctionCounter.builder("litefleet.verify.failed", verify, VerifyStats::failedCount)
                .description("Stored snapshots the restore drills found damaged").register(registry);
        FunctionCounter.builder("litefleet.uploads", stats, ReplicationStats::uploadsSuccess)
                .description("Snapshots uploaded").register(registry);
        FunctionCounter.builder("litefleet.upload.failures", stats, ReplicationStats::uploadsFailed)
                .description("Databases a cycle could not replicate").register(registry);
        FunctionCounter.builder("litefleet.uploaded", stats, ReplicationStats::bytesUploaded)
                .baseUnit("bytes").description("Compressed bytes uploaded").register(registry);
        FunctionCounter.builder("litefleet.skipped.identical", stats, ReplicationStats::skippedIdentical)
                .description("Snapshots not uploaded because their content was already stored").register(registry);
        Gauge.builder("litefleet.tracked.databases", stats, ReplicationStats::databases)
                .description("Databases found by the last scan").register(registry);
        Gauge.builder("litefleet.failing.databases", stats, s -> s.failing().count())
                .description("Databases whose last attempt failed").register(registry);
        Gauge.builder("litefleet.replication.lag", stats, ReplicationStats::replicationLagSeconds)
                .baseUnit("seconds").description("Age of the oldest change not yet stored").register(registry);
        Gauge.builder("litefleet.unreadable.directories", stats, ReplicationStats::unreadableDirectories)
                .description("Directories the last scan could not read (0: the scan was complete)").register(registry);
        Gauge.builder("litefleet.backlog.databases", stats, s -> s.progress().map(ReplicationStats.Progress::backlog).orElse(0L))
                .description("Changed databases the cycle under way has still to replicate").register(registry);
        Timer cycles = Timer.builder("litefleet.cycle.duration").description("Duration of a replication cycle")
                .publishPercentileHistogram().register(registry);
        stats.onCycleCompleted(report -> cycles.record(report.duration()));
    }
}
