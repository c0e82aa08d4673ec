package io.litefleet.stats;

import java.util.function.BooleanSupplier;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * LiteFleet's own meters, in the registry Camel serves on {@code /observe/metrics} beside its route
 * metrics. They read the views /stats serves ({@link Counters}, {@link VerifyView}; the failing
 * databases and the lag as {@link ReplicationView} computes them), so the two always agree. Prometheus names:
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
        FunctionCounter.builder("litefleet.verify.runs", verify, v -> v.view().runs())
                .description("Restore drills run (one per target each litefleet.verify.interval)").register(registry);
        FunctionCounter.builder("litefleet.verify.checked", verify, v -> v.view().checked())
                .description("Stored snapshots read back and checked by the restore drills").register(registry);
        FunctionCounter.builder("litefleet.verify.failed", verify, v -> v.view().failed())
                .description("Stored snapshots the restore drills found damaged").register(registry);
        FunctionCounter.builder("litefleet.uploads", stats, s -> s.counters().uploadsSuccess())
                .description("Snapshots uploaded").register(registry);
        FunctionCounter.builder("litefleet.upload.failures", stats, s -> s.counters().uploadsFailed())
                .description("Databases a cycle could not replicate").register(registry);
        FunctionCounter.builder("litefleet.uploaded", stats, s -> s.counters().bytesUploaded())
                .baseUnit("bytes").description("Compressed bytes uploaded").register(registry);
        FunctionCounter.builder("litefleet.skipped.identical", stats, s -> s.counters().skippedIdentical())
                .description("Snapshots not uploaded because their content was already stored").register(registry);
        Gauge.builder("litefleet.tracked.databases", stats, s -> s.counters().databases())
                .description("Databases found by the last scan").register(registry);
        Gauge.builder("litefleet.failing.databases", stats, s -> s.failing().count())
                .description("Databases whose last attempt failed").register(registry);
        Gauge.builder("litefleet.replication.lag", stats, ReplicationStats::replicationLagSeconds)
                .baseUnit("seconds").description("Age of the oldest change not yet stored").register(registry);
        Gauge.builder("litefleet.unreadable.directories", stats, s -> s.counters().unreadableDirectories())
                .description("Directories the last scan could not read (0: the scan was complete)").register(registry);
        Gauge.builder("litefleet.backlog.databases", stats, s -> {
                    ReplicationStats.Progress progress = s.counters().cycleInProgress();
                    return progress == null ? 0 : progress.backlog();
                })
                .description("Changed databases the cycle under way has still to replicate").register(registry);
        Timer cycles = Timer.builder("litefleet.cycle.duration").description("Duration of a replication cycle")
                .publishPercentileHistogram().register(registry);
        stats.onCycleCompleted(report -> cycles.record(report.duration()));
    }
}
