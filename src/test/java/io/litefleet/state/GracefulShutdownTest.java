package io.litefleet.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.litefleet.sample.SampleFleet;
import io.litefleet.testing.Await;
import io.litefleet.testing.CountingBlobStore;
import io.litefleet.testing.ReplicatorProcess;
import io.litefleet.testing.S3Server;
import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM during a cycle with slow uploads: in-flight uploads finish, no new one starts, nothing is left behind. */
class GracefulShutdownTest {

    @TempDir
    Path work;

    @Test
    void sigtermLetsUploadsInFlightFinishAndLeavesNothingBehind() throws Exception {
        SampleFleet.generate(work.resolve("data"), 120, 20);
        try (S3Server s3 = S3Server.startCounting()) {
            CountingBlobStore server = s3.requests();
            server.putDelayMillis = 1000;
            Process replicator = ReplicatorProcess.start(work, s3, work.resolve("replicator.log"),
                    List.of("-Dlitefleet.max-concurrent-uploads=10", "-Dlitefleet.shutdown-timeout=20s"), "replicate");
            Await.until(Duration.ofSeconds(60), "10 uploads stored", () -> server.putKeys.size() >= 10);

            long sigterm = System.nanoTime();
            replicator.destroy(); // SIGTERM

            assertTrue(replicator.waitFor(30, TimeUnit.SECONDS), "exited");
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - sigterm);
            assertTrue(seconds < 20, "within the shutdown timeout: " + seconds + " s");
            String log = Files.readString(work.resolve("replicator.log"));
            int stored = s3.keys().size();
            assertEquals(server.puts.get(), stored, "every PUT the server started was completed, none cut off:\n" + log);
            assertTrue(stored < 120, "no new uploads after SIGTERM: " + stored);
            for (String key : s3.keys()) {
                Path db = Sqlite.decompress(s3.get(key), work.resolve("check-" + key.replace('/', '_')));
                assertEquals("ok", Sqlite.integrityCheck(db), key);
            }
            Set<String> recorded = new HashSet<>(Sqlite.rows(work.resolve(".litefleet/s3/state.db"), "SELECT last_key FROM tenant"));
            Set<String> keys = s3.keys().stream().collect(Collectors.toSet());
            assertEquals(keys, recorded, "every completed upload was recorded before exit");
            try (Stream<Path> left = Files.list(work.resolve(".litefleet/tmp"))) {
                assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("snapshot-")).toList(), "no temp files");
            }
        }
    }

    @Test
    void whenTheShutdownTimeoutExpiresTheTemporarySnapshotsAreRemovedAllTheSame() throws Exception {
        SampleFleet.generate(work.resolve("data"), 20, 20);
        try (S3Server s3 = S3Server.startCounting()) {
            CountingBlobStore server = s3.requests();
            server.putDelayMillis = 20_000;
            Process replicator = ReplicatorProcess.start(work, s3, work.resolve("replicator.log"),
                    List.of("-Dlitefleet.max-concurrent-uploads=5", "-Dlitefleet.shutdown-timeout=2s"), "replicate");
            Await.until(Duration.ofSeconds(60), "5 uploads hanging", () -> server.puts.get() >= 5);

            long sigterm = System.nanoTime();
            replicator.destroy();

            assertTrue(replicator.waitFor(15, TimeUnit.SECONDS), "exited although uploads hang");
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - sigterm) < 15);
            try (Stream<Path> left = Files.list(work.resolve(".litefleet/tmp"))) {
                assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("snapshot-")).toList(),
                        "the snapshots of the cut-off uploads are gone");
            }
        }
    }
}
