package io.litefleet.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.litefleet.sample.SampleFleet;
import io.litefleet.testing.CountingBlobStore;
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
        AtomicReference<CountingBlobStore> counting = new AtomicReference<>();
        try (S3Server s3 = S3Server.start(store -> {
            counting.set(new CountingBlobStore(store));
            return counting.get();
        })) {
            CountingBlobStore server = counting.get();
            server.putDelayMillis = 1000;
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-Dcamel.server.port=" + freePort(),
                    "-Dlitefleet.max-concurrent-uploads=10", "-Dlitefleet.shutdown-timeout=20s"));
            s3.targetProperties().forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.addAll(List.of("io.litefleet.LiteFleet", "replicate"));
            Process replicator = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("replicator.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (server.putKeys.size() < 10 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

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
            Set<String> recorded = new HashSet<>(Sqlite.rows(work.resolve(".litefleet/state.db"), "SELECT last_key FROM tenant"));
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
        AtomicReference<CountingBlobStore> counting = new AtomicReference<>();
        try (S3Server s3 = S3Server.start(store -> {
            counting.set(new CountingBlobStore(store));
            return counting.get();
        })) {
            CountingBlobStore server = counting.get();
            server.putDelayMillis = 20_000;
            List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-Dcamel.server.port=" + freePort(),
                    "-Dlitefleet.max-concurrent-uploads=5", "-Dlitefleet.shutdown-timeout=2s"));
            s3.targetProperties().forEach((k, v) -> command.add("-D" + k + "=" + v));
            command.addAll(List.of("io.litefleet.LiteFleet", "replicate"));
            Process replicator = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(work.resolve("replicator.log").toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (server.puts.get() < 5 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

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

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
