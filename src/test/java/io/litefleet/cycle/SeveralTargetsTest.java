package io.litefleet.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.litefleet.sample.SampleFleet;
import io.litefleet.state.ReplicationState;
import io.litefleet.state.ReplicationStates;
import io.litefleet.stats.CycleReport;
import io.litefleet.testing.Await;
import io.litefleet.testing.LogCapture;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.S3Server;
import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * litefleet.target=s3,file: each target has its own state, so one that is down holds back nothing
 * at the other, and catches up with exactly what it missed once it is back.
 */
class SeveralTargetsTest {

    @TempDir
    Path work;

    @Test
    void aTargetThatWasDownCatchesUpWhileTheOtherUploadsNothingTwice() throws Exception {
        try (S3Server s3 = S3Server.startCounting()) {
            List<Path> tenants = SampleFleet.generate(work.resolve("data"), 6, 5);
            Map<String, String> properties = new LinkedHashMap<>(s3.targetProperties());
            properties.put("litefleet.target", "s3,file");
            try (RunningLiteFleet fleet = RunningLiteFleet.start(work, properties)) {
                CycleReport first = fleet.runCycle();
                assertEquals(12, first.uploaded(), "6 databases to each of 2 targets: " + first);
                assertEquals(6, s3.keys().size());
                assertEquals(6, fileSnapshots().size());

                s3.stop();
                write(tenants.get(0));
                write(tenants.get(1));
                CycleReport down = fleet.runCycle();
                assertEquals(2, down.uploaded(), "the file target is not held back: " + down);
                assertEquals(2, down.failed(), "s3 refused both: " + down);
                assertFalse(down.allReplicated());
                assertEquals(8, fileSnapshots().size());
                @SuppressWarnings("unchecked")
                Map<String, Object> failing = (Map<String, Object>) fleet.stats().get("failing");
                assertEquals(2, failing.get("count"), failing.toString());
                assertTrue(failing.toString().contains("target=s3"), failing.toString());
                // the file target's uploads do not hide that s3 refused all of its own
                HttpResponse<String> ready = fleet.get("/observe/health/ready");
                assertEquals(503, ready.statusCode(), ready.body());
                assertTrue(ready.body().contains("refused every upload of the last cycle: s3"), ready.body());

                CycleReport stillDown = fleet.runCycle();
                assertEquals(0, stillDown.uploaded(), "nothing new for the file target: " + stillDown);
                assertEquals(8, fileSnapshots().size(), "nothing uploaded twice to the file target");

                s3.restart();
                int putsBefore = s3.requests().puts.get();
                CycleReport back = fleet.runCycle();
                assertEquals(2, back.uploaded(), "s3 catches up with the two it missed, the file target uploads nothing: " + back);
                assertTrue(back.allReplicated(), back.toString());
                assertEquals(2, s3.requests().puts.get() - putsBefore, "one PUT per missed database");
                assertEquals(8, s3.keys().size());
                assertEquals(8, fileSnapshots().size());

                CycleReport quiet = fleet.runCycle();
                assertEquals(0, quiet.changed(), "replicated everywhere: " + quiet);
                assertEquals(200, fleet.get("/observe/health/ready").statusCode());
            }
        }
    }

    /** The targets of a database are stored at once: a target that hangs holds back no other's store. */
    @Test
    void aHungTargetDelaysNoOtherTargetsStores() throws Exception {
        try (S3Server s3 = S3Server.startCounting()) {
            SampleFleet.generate(work.resolve("data"), 2, 5);
            Map<String, String> properties = new LinkedHashMap<>(s3.targetProperties());
            properties.put("litefleet.target", "s3,file");
            try (RunningLiteFleet fleet = RunningLiteFleet.start(work, properties)) {
                s3.requests().putDelayMillis = 15_000;
                CompletableFuture<CycleReport> cycle = CompletableFuture.supplyAsync(fleet::runCycle);
                // within the 15 s S3 holds each PUT
                Await.until(Duration.ofSeconds(12), "stored on the file target while S3 still holds its PUTs", () -> fileSnapshots().size() == 2);
                assertFalse(cycle.isDone(), "the cycle waits for S3");
                CycleReport report = cycle.get(120, TimeUnit.SECONDS);
                assertEquals(4, report.uploaded(), report.toString());
            }
        }
    }

    /** A state written when targets had none of their own (state.db at the root) moves to its target: no upload again. */
    @Test
    void theStateOfASingleTargetVersionIsAdoptedByItsTarget() throws Exception {
        Path root = work.resolve("state");
        try (ReplicationState old = ReplicationState.open(root, "file:/replica with keys t")) {
            old.recordUpload(work.resolve("a.db"), "p/d/b/a", java.util.Optional.empty(), "sha", "p/d/b/a/1.db.lz4",
                    java.time.Instant.parse("2026-11-30T00:00:00Z"));
        }
        Map<String, String> identities = new LinkedHashMap<>();
        identities.put("s3", "s3://fleet at AWS with keys t");
        identities.put("file", "file:/replica with keys t");

        try (ReplicationStates states = ReplicationStates.open(root, identities, ReplicationState.PLAIN_OBJECTS)) {
            assertTrue(states.all().get(0).tenant("p/d/b/a").isEmpty(), "s3 starts empty");
            assertEquals("p/d/b/a/1.db.lz4", states.all().get(1).tenant("p/d/b/a").orElseThrow().lastKey(), "file keeps its record");
        }
        assertFalse(Files.exists(root.resolve("state.db")));
    }

    /**
     * Upgrading from a single-target version, restarted at once: its state moves to its target and
     * its owner marker (which names the state directory) is still this replicator's, not another's.
     */
    @Test
    void anUpgradeFromTheSingleTargetLayoutUploadsOnAtOnce() throws Exception {
        List<Path> tenants = SampleFleet.generate(work.resolve("data"), 3, 5);
        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, Map.of())) {
            assertEquals(3, fleet.runCycle().uploaded());
        }
        Path root = work.resolve("state");
        for (String suffix : List.of("", "-wal", "-shm")) {
            Path part = root.resolve("file").resolve("state.db" + suffix);
            if (Files.exists(part)) {
                Files.move(part, root.resolve("state.db" + suffix));
            }
        }
        // as the single-target version wrote it: the state directory itself
        Path marker = work.resolve("replica/.litefleet/owner");
        String json = Files.readString(marker);
        String rewritten = json.replaceFirst("\"state_directory\"\\s*:\\s*\"[^\"]*\"",
                "\"state_directory\":\"" + root.toAbsolutePath() + "\"");
        assertTrue(rewritten.contains(root.toAbsolutePath() + "\""), rewritten);
        Files.writeString(marker, rewritten);

        write(tenants.get(0));
        try (LogCapture logs = LogCapture.capture(); RunningLiteFleet upgraded = RunningLiteFleet.start(work, Map.of())) {
            CycleReport report = upgraded.runCycle();
            assertEquals(1, report.uploaded(), "only the changed database: " + report);
            assertTrue(report.allReplicated(), report.toString());
            assertEquals(List.of(), logs.warningsAbout("in use by another replicator"), logs.lines().toString());
        }
    }

    private static void write(Path database) throws Exception {
        Sqlite.execute(database, "CREATE TABLE IF NOT EXISTS extra (n INTEGER)", "INSERT INTO extra VALUES (1)");
    }

    private List<Path> fileSnapshots() throws Exception {
        try (Stream<Path> files = Files.walk(work.resolve("replica"))) {
            return files.filter(f -> f.toString().endsWith(".db.lz4")).toList();
        }
    }
}
