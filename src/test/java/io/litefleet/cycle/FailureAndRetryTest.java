package io.litefleet.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import io.litefleet.sample.SampleFleet;
import io.litefleet.stats.CycleReport;
import io.litefleet.testing.LogCapture;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.S3Server;
import io.litefleet.testing.Sqlite;
import org.apache.camel.ServiceStatus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failures are recorded, retried next cycle, and never stop the cycle or the other databases. */
class FailureAndRetryTest {

    @TempDir
    Path work;

    @Test
    void withS3DownTheCycleCompletesCountsFailuresAndTheNextCycleUploadsEverything() throws Exception {
        try (S3Server s3 = S3Server.start()) {
            SampleFleet.generate(work.resolve("data"), 20, 10);
            try (RunningLiteFleet fleet = RunningLiteFleet.start(work, s3.targetProperties()); LogCapture logs = LogCapture.capture()) {
                s3.stop();

                CycleReport down = fleet.runCycle();

                // the databases already started when the target failed 5 times in a row fail, the
                // others wait for the next cycle (DeadTargetTest); one line per failed database
                assertEquals(down.failed(), logs.warningsAbout("Not replicated").size(), "one line per database: " + logs.lines());
                assertEquals(List.of(), logs.lines().stream().filter(LogCapture.Line::hasStackTrace).toList(), "no stack traces");
                assertTrue(logs.lines().stream().noneMatch(l -> l.message().contains(S3Server.SECRET_KEY)), "no secret");
                try (var left = Files.list(fleet.temporaryDirectory())) {
                    assertEquals(0, left.count(), "no temporary snapshot left behind");
                }

                assertEquals(20, down.changed());
                assertEquals(0, down.uploaded());
                assertEquals(20, down.failed() + down.deferred());
                assertFalse(down.allReplicated());
                assertEquals((int) down.failed(), fleet.stats().get("uploads_failed"));
                assertEquals(ServiceStatus.Started, fleet.app().context().getStatus(), "the replicator stays up");
                assertEquals(ServiceStatus.Started, fleet.app().context().getRouteController().getRouteStatus("replication-cycle"));

                s3.restart();
                CycleReport back = fleet.runCycle();

                assertEquals(20, back.changed(), "nothing was replicated, so everything is still changed");
                assertEquals(20, back.uploaded());
                assertTrue(back.allReplicated());
                assertEquals(20, s3.keys().size());
                assertEquals(20, fleet.stats().get("uploads_success"));
            }
        }
    }

    @Test
    void brokenFilesAreReportedOnceEachWithTheirReasonAndTheGoodOnesUpload() throws Exception {
        List<Path> good = SampleFleet.generate(work.resolve("data"), 6, 10);
        Path tenants = good.get(0).getParent();
        Path garbage = tenants.resolve("garbage.db");
        byte[] noise = new byte[8192];
        new Random(42).nextBytes(noise);
        Files.write(garbage, noise);
        Path empty = Files.createFile(tenants.resolve("empty.db"));
        Path truncated = tenants.resolve("truncated.db");
        Sqlite.execute(truncated, "CREATE TABLE t (x)",
                "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 3000) INSERT INTO t SELECT randomblob(200) FROM c");
        try (RandomAccessFile file = new RandomAccessFile(truncated.toFile(), "rw")) {
            file.setLength(file.length() / 2);
        }

        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, Map.of()); LogCapture logs = LogCapture.capture()) {
            CycleReport report = fleet.runCycle();

            assertEquals(9, report.changed());
            assertEquals(6, report.uploaded());
            assertEquals(3, report.failed());
            assertOneWarning(logs, garbage, "not a SQLite database (bad header)");
            assertOneWarning(logs, empty, "empty file");
            assertOneWarning(logs, truncated, "truncated");
            assertEquals(List.of(), logs.lines().stream().filter(LogCapture.Line::hasStackTrace).toList(), "no stack traces");
            try (var left = Files.list(fleet.temporaryDirectory())) {
                assertEquals(0, left.count(), "no temporary snapshot left behind by the failures");
            }

            CycleReport again = fleet.runCycle();
            assertEquals(3, again.changed(), "broken databases are tried again every cycle");
            assertEquals(3, again.failed());
        }
    }

    private static void assertOneWarning(LogCapture logs, Path database, String reason) {
        List<LogCapture.Line> lines = logs.warningsAbout(database.toString());
        assertEquals(1, lines.size(), "one line for " + database + ": " + logs.lines());
        assertTrue(lines.get(0).message().contains(reason), lines.get(0).message());
        assertFalse(lines.get(0).message().contains("\n"), "one line");
    }
}
