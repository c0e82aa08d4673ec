package io.litefleet.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.litefleet.discovery.FleetScanner;
import io.litefleet.model.TenantDatabase;
import io.litefleet.settings.LiteFleetSettings;
import io.litefleet.state.ReplicationState;
import io.litefleet.state.ReplicationStates;
import io.litefleet.stats.ReplicationStats;
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
        ReplicationStats stats = Measure.stats(settings);

        // The state as a restarted replicator loads it, plus what one idle scan leaves behind.
        long heapBefore = Measure.usedHeapAfterGc();
        try (ReplicationState state = ReplicationState.open(settings.stateDirectory(), settings.targetIdentity(settings.targets().get(0)))) {
            FleetScanner scanner = new FleetScanner(settings.discoveryPattern(), settings.pathTemplate(), ReplicationStates.of(state), stats);
            List<TenantDatabase> changed = scanner.scan();
            if (!changed.isEmpty() || stats.counters().databases() != n) {
                throw new IllegalStateException("the tree is not idle: " + changed.size() + " changed of " + stats.counters().databases());
            }
            double heapPerDatabase = (double) (Measure.usedHeapAfterGc() - heapBefore) / n;

            List<Double> scans = new ArrayList<>();
            List<Double> finds = new ArrayList<>();
            for (int round = 0; round < rounds; round++) {
                finds.add(Measure.time(() -> find(fleet.data())));
                scans.add(Measure.time(scanner::scan));
            }
            return new Result(n, Measure.median(scans), Measure.median(finds), heapPerDatabase, fleet.firstSyncRecordMillis(),
                    firstSyncHeapPerDatabase(settings, n));
        }
    }

    /**
     * The heap a first sync holds while its cycle runs: the scan's list of every database, new, and
     * the replication lag's entry for each, measured with an empty state in a directory of its own.
     */
    private static double firstSyncHeapPerDatabase(LiteFleetSettings settings, int n) throws Exception {
        Path directory = settings.stateDirectory().resolveSibling("state-first-sync");
        Measure.fresh(directory);
        ReplicationStats stats = Measure.stats(settings);
        long heapBefore = Measure.usedHeapAfterGc();
        try (ReplicationState empty = ReplicationState.open(directory, settings.targetIdentity(settings.targets().get(0)))) {
            List<TenantDatabase> all = new FleetScanner(settings.discoveryPattern(), settings.pathTemplate(), ReplicationStates.of(empty), stats).scan();
            double perDatabase = (double) (Measure.usedHeapAfterGc() - heapBefore) / n;
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
}
