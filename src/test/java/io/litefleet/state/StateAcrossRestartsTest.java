package io.litefleet.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

import io.litefleet.sample.SampleFleet;
import io.litefleet.stats.CycleReport;
import io.litefleet.testing.CountingBlobStore;
import io.litefleet.testing.LogCapture;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.S3Server;
import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replication state survives restarts, so unchanged databases cost nothing; PUTs counted by the S3 server. */
class StateAcrossRestartsTest {

    @TempDir
    Path work;
    S3Server s3;
    CountingBlobStore requests;

    @BeforeEach
    void startS3() throws Exception {
        s3 = S3Server.startCounting();
        requests = s3.requests();
    }

    @AfterEach
    void stopS3() throws Exception {
        s3.close();
    }

    @Test
    void afterARestartTheNextCycleSendsNoPut() throws Exception {
        SampleFleet.generate(work.resolve("data"), 300, 5);
        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, s3.targetProperties())) {
            assertEquals(300, fleet.runCycle().uploaded());
        }
        requests.reset();

        try (RunningLiteFleet restarted = RunningLiteFleet.start(work, s3.targetProperties())) {
            CycleReport next = restarted.runCycle();

            assertEquals(0, next.changed());
            assertEquals(0, requests.puts.get(), "PUT requests after the restart, counted by the server");
            assertEquals(1, ((Map<?, ?>) restarted.stats().get("s3_requests")).get("put"), "and by LiteFleet: the owner marker's heartbeat only");
            assertEquals(1, requests.markerPuts.get());
        }
    }

    /** A state recorded before fingerprints held inodes and ctimes: each database is snapshotted once more, and nothing is uploaded. */
    @Test
    void aStateWithoutInodesCostsOneSnapshotEachAndNoPut() throws Exception {
        SampleFleet.generate(work.resolve("data"), 20, 5);
        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, s3.targetProperties())) {
            assertEquals(20, fleet.runCycle().uploaded());
        }
        Sqlite.execute(work.resolve("state/s3/state.db"),
                "ALTER TABLE tenant DROP COLUMN ino", "ALTER TABLE tenant DROP COLUMN ctime", "ALTER TABLE tenant DROP COLUMN wal_ino");
        requests.reset();

        try (RunningLiteFleet restarted = RunningLiteFleet.start(work, s3.targetProperties())) {
            CycleReport migrated = restarted.runCycle();

            assertEquals(20, migrated.changed(), "each fingerprint is completed once");
            assertEquals(20, migrated.skippedIdentical());
            assertEquals(0, requests.puts.get(), "PUT requests, counted by the server");
            assertEquals(0, restarted.runCycle().changed(), "then nothing is changed");
        }
        assertEquals(List.of("0"), Sqlite.rows(work.resolve("state/s3/state.db"), "SELECT count(*) FROM tenant WHERE ino IS NULL OR ctime IS NULL"));
    }

    @Test
    void touchingDatabasesCostsNoPut() throws Exception {
        List<Path> tenants = SampleFleet.generate(work.resolve("data"), 80, 5);
        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, s3.targetProperties())) {
            assertEquals(80, fleet.runCycle().uploaded());
            requests.reset();
            for (Path tenant : tenants.subList(0, 50)) {
                Files.setLastModifiedTime(tenant, FileTime.from(Instant.now().minusSeconds(5)));
            }

            CycleReport touched = fleet.runCycle();

            assertEquals(50, touched.changed());
            assertEquals(50, touched.skippedIdentical());
            assertEquals(0, touched.uploaded());
            assertTrue(touched.allReplicated());
            assertEquals(0, requests.puts.get(), "PUT requests for touched databases");
            assertEquals(50, fleet.stats().get("skipped_identical"));
            assertEquals(0, fleet.runCycle().changed(), "the fingerprints advanced");
        }
    }

    @Test
    void aSecondReplicatorOnTheSameStateIsRefused() throws Exception {
        try (RunningLiteFleet first = RunningLiteFleet.start(work, s3.targetProperties())) {
            Exception refused = assertThrows(Exception.class, () -> RunningLiteFleet.start(work, s3.targetProperties()));
            assertTrue(Stream.iterate((Throwable) refused, Objects::nonNull, Throwable::getCause)
                    .anyMatch(t -> String.valueOf(t.getMessage()).contains("another LiteFleet replicator is using")), refused.toString());
            assertEquals(0, first.runCycle().failed(), "the first one is unaffected");
        }
    }

    @Test
    void aNewTargetStartsAFreshHistory() throws Exception {
        SampleFleet.generate(work.resolve("data"), 5, 5);
        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, s3.targetProperties())) {
            assertEquals(5, fleet.runCycle().uploaded());
        }
        try (RunningLiteFleet toFiles = RunningLiteFleet.start(work, Map.of())) {
            assertEquals(5, toFiles.runCycle().uploaded(), "the file target has none of them yet");
        }
        // the same target with other keys: its state no longer describes what is stored
        Map<String, String> otherKeys = new java.util.LinkedHashMap<>(s3.targetProperties());
        otherKeys.put("litefleet.path-template", "{{project}}/{{database}}/{{branch}}/v2/{{tenant}}");
        try (LogCapture logs = LogCapture.capture(); RunningLiteFleet moved = RunningLiteFleet.start(work, otherKeys)) {
            assertEquals(5, moved.runCycle().uploaded(), "none of them is stored under the new keys yet");
            assertEquals(1, logs.warningsAbout("the target is now s3:").size(), logs.lines().toString());
        }
    }

    @Test
    void aDeletedOrUnreadableStateIsRebuiltWithOneLogLine() throws Exception {
        SampleFleet.generate(work.resolve("data"), 10, 5);
        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, s3.targetProperties())) {
            assertEquals(10, fleet.runCycle().uploaded());
        }
        Path state = work.resolve("state/s3/state.db");
        Files.delete(state);
        Files.deleteIfExists(work.resolve("state/s3/state.db-wal"));
        Files.deleteIfExists(work.resolve("state/s3/state.db-shm"));

        try (LogCapture logs = LogCapture.capture(); RunningLiteFleet fleet = RunningLiteFleet.start(work, s3.targetProperties())) {
            assertEquals(10, fleet.runCycle().uploaded(), "a full upload: nothing is taken for granted");
            assertEquals(1, logs.lines().stream().filter(l -> l.message().contains("No replication state at")).count(), logs.lines().toString());
        }

        Files.write(state, "this is not a database, it is a sandwich".repeat(100).getBytes());
        Files.deleteIfExists(work.resolve("state/s3/state.db-wal"));
        Files.deleteIfExists(work.resolve("state/s3/state.db-shm"));
        try (LogCapture logs = LogCapture.capture(); RunningLiteFleet fleet = RunningLiteFleet.start(work, s3.targetProperties())) {
            List<LogCapture.Line> rebuilt = logs.warningsAbout("is unreadable");
            assertEquals(1, rebuilt.size(), logs.lines().toString());
            assertTrue(rebuilt.get(0).message().contains("rebuilt: every database will be uploaded once"), rebuilt.get(0).message());
            assertEquals(10, fleet.runCycle().uploaded());
            assertEquals(0, fleet.runCycle().changed(), "and the rebuilt state works");
        }
    }
}
