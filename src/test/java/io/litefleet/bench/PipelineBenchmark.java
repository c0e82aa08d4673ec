package io.litefleet.bench;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import io.litefleet.stats.CycleReport;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.S3Server;

/**
 * The whole pipeline (scan, snapshot, LZ4, store, record) for a fleet of changed 1 MB databases,
 * to the in-process S3-compatible server (storing on disk) and to the file target, against {@code bench/shell-baseline}
 * doing the same job one database at a time with {@code sqlite3}, {@code lz4} and {@code cp}.
 */
final class PipelineBenchmark {

    record Result(int databases, double s3PerSecond, double filePerSecond, double shellPerSecond) {
    }

    private PipelineBenchmark() {
    }

    static Result run(Path work, int n) throws Exception {
        Path directory = work.resolve("pipeline-" + n);
        Path data = SqliteFleet.build(directory, n, 1);
        double s3;
        // S3Proxy's in-memory store takes one lock per allocation; on disk it measures LiteFleet, not that lock
        try (S3Server server = S3Server.onDisk(Measure.fresh(directory.resolve("s3-store")))) {
            s3 = liteFleet(directory.resolve("s3-run"), data, n, server.targetProperties());
        }
        double file = liteFleet(directory.resolve("file-run"), data, n, Map.of("litefleet.target", "file"));
        Path out = Measure.fresh(directory.resolve("shell-run"));
        double shellMillis = Measure.time(() -> {
            Process p = new ProcessBuilder("bash", Path.of("bench/shell-baseline").toAbsolutePath().toString(), data.toString(), out.toString())
                    .inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("bench/shell-baseline failed");
            }
        });
        return new Result(n, s3, file, n / (shellMillis / 1000));
    }

    /** One cycle of an in-process replicator that finds every database new; databases per second. */
    private static double liteFleet(Path run, Path data, int n, Map<String, String> target) throws Exception {
        Map<String, String> properties = new HashMap<>(target);
        properties.put("litefleet.discovery-pattern", FleetTree.pattern(data));
        try (RunningLiteFleet app = RunningLiteFleet.start(Measure.fresh(run), properties)) {
            CycleReport[] report = new CycleReport[1];
            double millis = Measure.time(() -> report[0] = app.runCycle());
            if (report[0].uploaded() != n) {
                throw new IllegalStateException("expected " + n + " uploads: " + report[0].summary());
            }
            return n / (millis / 1000);
        }
    }
}
