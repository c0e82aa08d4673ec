package io.litefleet.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import io.litefleet.sample.SampleFleet;
import io.litefleet.testing.Await;
import io.litefleet.testing.CountingBlobStore;
import io.litefleet.testing.ReplicatorProcess;
import io.litefleet.testing.S3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} in the middle of uploads, then a restart: nothing the killed process wrote for a
 * while survives, neither in the state's {@code tmp/} nor in the JVM's {@code java.io.tmpdir} (given
 * its own directory here, so the check sees only this replicator's files).
 */
class NoLeftoversAfterKillTest {

    @TempDir
    Path work;

    @Test
    void afterAKillMidUploadsToS3ARestartLeavesNoTemporaryFile() throws Exception {
        SampleFleet.generate(work.resolve("data"), 60, 2000);
        try (S3Server s3 = S3Server.startCounting()) {
            CountingBlobStore server = s3.requests();
            server.putDelayMillis = 300;
            Process replicator = start(s3.targetProperties(), "replicate");
            // uploads in flight: their snapshots and frames are on disk
            awaitTrue(() -> server.puts.get() >= 10 && !temporaryFiles(work.resolve("state/tmp")).isEmpty(), replicator);
            kill(replicator);
            server.putDelayMillis = 0;

            assertRestartLeavesNothing(start(s3.targetProperties(), "replicate", "--once"));
        }
    }

    @Test
    void afterAKillMidWritesToTheFileTargetARestartLeavesNoTemporaryFile() throws Exception {
        SampleFleet.generate(work.resolve("data"), 200, 2000);
        Map<String, String> file = Map.of("litefleet.target", "file", "litefleet.file.directory", work.resolve("replica").toString());
        Process replicator = start(file, "replicate");
        awaitTrue(() -> snapshotsIn(work.resolve("replica")) >= 10, replicator);
        kill(replicator);

        assertRestartLeavesNothing(start(file, "replicate", "--once"));
        try (Stream<Path> replica = Files.walk(work.resolve("replica"))) {
            assertEquals(List.of(), replica.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().startsWith("frame-")).toList(), "no frame in the target");
        }
    }

    private void assertRestartLeavesNothing(Process restart) throws Exception {
        assertTrue(restart.waitFor(180, TimeUnit.SECONDS), "the restart finished its cycle");
        assertEquals(0, restart.exitValue(), Files.readString(work.resolve("replicate--once.log")));
        assertEquals(List.of(), entries(work.resolve("state/tmp")), "nothing left in the state's tmp/");
        assertEquals(List.of(), entries(work.resolve("java-tmp")), "nothing left in java.io.tmpdir");
    }

    private Process start(Map<String, String> target, String... args) throws IOException {
        Files.createDirectories(work.resolve("java-tmp"));
        return ReplicatorProcess.start(work, target, work.resolve(String.join("", args) + ".log"),
                List.of("-Djava.io.tmpdir=" + work.resolve("java-tmp"), "-Dlitefleet.max-concurrent-uploads=10",
                        "-Dlitefleet.state-directory=state"), args);
    }

    private void kill(Process replicator) throws Exception {
        replicator.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        assertTrue(replicator.waitFor(30, TimeUnit.SECONDS));
        assertFalse(entries(work.resolve("java-tmp")).isEmpty() && temporaryFiles(work.resolve("state/tmp")).isEmpty(),
                "the killed process left something to clean up");
    }

    private void awaitTrue(BooleanSupplier condition, Process replicator) throws Exception {
        Await.until(Duration.ofSeconds(120), "uploads under way", () -> {
            assertTrue(replicator.isAlive(), () -> "the replicator died: " + log());
            return condition.getAsBoolean();
        });
    }

    private String log() {
        try {
            return Files.readString(work.resolve("replicate.log"));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static List<Path> temporaryFiles(Path directory) {
        return entries(directory).stream().filter(Files::isRegularFile).toList();
    }

    private static long snapshotsIn(Path directory) {
        return entries(directory).stream().filter(p -> p.toString().endsWith(".db.lz4")).count();
    }

    /** Everything under {@code directory}, recursively; none when it does not exist. */
    private static List<Path> entries(Path directory) {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> tree = Files.walk(directory)) {
            return tree.filter(p -> !p.equals(directory)).toList();
        } catch (IOException e) {
            // files vanish while the replicator runs: look again
            return entries(directory);
        }
    }
}
