package io.litefleet.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import io.litefleet.settings.LiteFleetSettings;
import io.litefleet.stats.ReplicationStats;
import io.litefleet.stats.S3RequestCounter;

/** What the benchmarks share: timing, medians, heap after GC, fresh work directories. */
final class Measure {

    private Measure() {
    }

    /** Statistics for a scanner driven outside the replicator. */
    static ReplicationStats stats(LiteFleetSettings settings) {
        return new ReplicationStats(Clock.systemUTC(), new S3RequestCounter(), settings.requestCosts(), "bench");
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

    /** {@code directory}, emptied of an earlier run. */
    static Path fresh(Path directory) throws Exception {
        if (Files.exists(directory)) {
            try (Stream<Path> files = Files.walk(directory)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
            }
        }
        return Files.createDirectories(directory);
    }
}
