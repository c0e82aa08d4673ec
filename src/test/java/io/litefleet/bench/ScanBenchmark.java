package io.litefleet.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.litefleet.LiteFleetSettings;
import io.litefleet.discovery.FleetScanner;
import io.litefleet.discovery.TenantDatabase;
import io.litefleet.state.ReplicationState;
import io.litefleet.stats.ReplicationStats;
import io.litefleet.stats.S3RequestCounter;
import io.litefleet.testing.TestSettings;

/**
 * The scan of an idle fleet against {@code find} over the same tree, alternating, and the heap the
 * replicator keeps per tracked database, measured on the state as a restarted replicator loads it.
 */
final class ScanBenchmark {

    record Result(int databases, double scanMillis, double findMillis, double heapBytesPerDatabase, double firstSyncRecordMillis,
            double firstSyncHeapBytesPerDatabase) {
        double ratio() {
            return scanMillis / findMillis;
        }
    }

    private ScanBenchmark() {
    }

    static Result run(Path work, int n, int rounds) throws Exception {
        IdleFleet fleet = IdleFleet.prepare(work, n);
        LiteFleetSettings settings = TestSettings.load(fleet.properties());
        ReplicationStats stats = new ReplicationStats(Clock.systemUTC(), new S3RequestCounter(), settings.requestCosts(), "bench");

        // The state as a restarted replicator loads it, plus what one idle scan leaves behind.
        long heapBefore = usedHeapAfterGc();
        try (ReplicationState state = ReplicationState.open(settings.stateDirectory(), settings.targetIdentity())) {
            FleetScanner scanner = new FleetScanner(settings.discoveryPattern(), settings.pathTemplate(), state, stats);
            List<TenantDatabase> changed = scanner.scan();
            if (!changed.isEmpty() || stats.databases() != n) {
                throw new IllegalStateException("the tree is not idle: " + changed.size() + " changed of " + stats.databases());
            }
            double heapPerDatabase = (double) (usedHeapAfterGc() - heapBefore) / n;

            List<Double> scans = new ArrayList<>();
            List<Double> finds = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                finds.add(time(() -> find(fleet.data())));
                scans.add(time(scanner::scan));
            }
            return new Result(n, median(scans), median(finds), heapPerDatabase, fleet.firstSyncRecordMillis(),
                    firstSyncHeapPerDatabase(settings, n));
        }
    }

    /**
     * The heap a first sync holds while its cycle runs: the scan's list of every database, new, and
     * the replication lag's entry for each, measured with an empty state in a directory of its own.
     */
    private static double firstSyncHeapPerDatabase(LiteFleetSettings settings, int n) throws Exception {
        Path directory = settings.stateDirectory().resolveSibling("state-first-sync");
        PipelineBenchmark.fresh(directory);
        ReplicationStats stats = new ReplicationStats(Clock.systemUTC(), new S3RequestCounter(), settings.requestCosts(), "bench");
        long heapBefore = usedHeapAfterGc();
        try (ReplicationState empty = ReplicationState.open(directory, settings.targetIdentity())) {
            List<TenantDatabase> all = new FleetScanner(settings.discoveryPattern(), settings.pathTemplate(), empty, stats).scan();
            double perDatabase = (double) (usedHeapAfterGc() - heapBefore) / n;
            if (all.size() != n) {
                throw new IllegalStateException("expected " + n + " new databases, found " + all.size());
            }
            return perDatabase;
        }
    }

    private static void find(Path data) throws Exception {
        Process find = new ProcessBuilder("find", data.toString(), "-name", "*.db", "-printf", "%s %T@\\n")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (find.waitFor() != 0) {
            throw new IllegalStateException("find failed");
        }
    }

    interface Work {
        void run() throws Exception;
    }

    static double time(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e6;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int mid = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(mid) : (sorted.get(mid - 1) + sorted.get(mid)) / 2;
    }

    static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
