package io.litefleet.bench;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.litefleet.testing.S3Server;

/**
 * Peak resident memory of the packaged replicator while it snapshots, compresses and uploads 100
 * databases of 100 MB at once, to an S3-compatible server in the benchmark's own process (storing on
 * disk), so the replicator's memory is only its own. Samples /proc every 20 ms: VmHWM (the kernel's
 * record of the peak) and the number of snapshot files in flight.
 */
final class PeakRssBenchmark {

    record Result(int databases, int megabytes, long peakRssKb, int peakSnapshotsInFlight, Duration duration, String jvmOptions) {
    }

    private PeakRssBenchmark() {
    }

    static Result run(Path work, int count, int megabytes, List<String> jvmOptions) throws Exception {
        Path directory = work.resolve("rss-" + count + "x" + megabytes);
        Path data = SqliteFleet.build(directory, count, megabytes);
        Path run = Measure.fresh(directory.resolve("run"));
        try (S3Server server = S3Server.onDisk(Files.createDirectories(run.resolve("s3")))) {
            Map<String, String> properties = new HashMap<>(server.targetProperties());
            properties.put("litefleet.discovery-pattern", FleetTree.pattern(data));
            properties.put("litefleet.state-directory", run.resolve("state").toString());
            properties.put("litefleet.max-concurrent-uploads", "100");
            Path temporary = run.resolve("state/tmp");
            long start = System.nanoTime();
            long peakKb = 0;
            int peakInFlight = 0;
            try (PackagedReplicator replicator = PackagedReplicator.start(run, jvmOptions, properties, "replicate", "--once")) {
                while (replicator.isAlive()) {
                    peakKb = Math.max(peakKb, replicator.statusKb("VmHWM"));
                    peakInFlight = Math.max(peakInFlight, snapshotsIn(temporary));
                    Thread.sleep(20);
                }
                int exit = replicator.waitFor(Duration.ofSeconds(10));
                if (exit != 0) {
                    throw new IllegalStateException("replicate --once exited with " + exit + ":\n" + replicator.log());
                }
            }
            return new Result(count, megabytes, peakKb, peakInFlight, Duration.ofNanos(System.nanoTime() - start), String.join(" ", jvmOptions));
        }
    }

    private static int snapshotsIn(Path temporary) {
        int n = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(temporary, "snapshot-*.db")) {
            for (Path ignored : files) {
                n++;
            }
        } catch (Exception e) {
            // not created yet, or gone
        }
        return n;
    }
}
