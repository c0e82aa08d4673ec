package io.litefleet.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.litefleet.model.ObjectKeys;
import io.litefleet.sample.SampleFleet;
import io.litefleet.stats.CycleReport;
import io.litefleet.testing.LogCapture;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.S3Server;
import io.litefleet.testing.Sqlite;
import io.litefleet.testing.TmpfsMount;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replication state on a full disk: an upload the state cannot record would be uploaded again,
 * under a new key, by every later cycle. So nothing is uploaded while it cannot record, monitoring
 * says why, and replication resumes by itself once the state records again.
 */
class StateDiskFullTest {

    private static final int IN_FLIGHT = 4;

    @TempDir
    Path work;
    TmpfsMount stateDisk;
    TmpfsMount snapshotDisk;

    @AfterEach
    void unmount() throws Exception {
        if (snapshotDisk != null) {
            snapshotDisk.close();
        }
        if (stateDisk != null) {
            stateDisk.close();
        }
    }

    @Test
    void nothingIsUploadedWhileTheStateCannotRecordAndReplicationResumesWhenItCan() throws Exception {
        stateDisk = TmpfsMount.mount(work.resolve("state"), "4m");
        // the temporary snapshots on a disk of their own: only the state's writes fail
        snapshotDisk = TmpfsMount.mount(work.resolve("state/tmp"), "64m");
        List<Path> databases = SampleFleet.generate(work.resolve("data"), 20, 20);
        try (S3Server s3 = S3Server.start();
             RunningLiteFleet fleet = RunningLiteFleet.start(work, inFlight(s3.targetProperties()));
             LogCapture logs = LogCapture.capture()) {
            assertEquals(20, fleet.runCycle().uploaded());
            Path filler = fill(work.resolve("state"));

            for (int cycle = 1; cycle <= 4; cycle++) {
                for (Path db : databases) {
                    Sqlite.execute(db, "INSERT INTO items (name, qty) VALUES ('written while the state disk is full', " + cycle + ")");
                }
                Sqlite.settle();
                CycleReport report = fleet.runCycle();
                assertFalse(report.allReplicated(), "cycle " + cycle + ": " + report.summary());
            }
            int storedWhileFull = snapshots(s3).size() - 20;
            assertTrue(storedWhileFull <= IN_FLIGHT, storedWhileFull + " objects stored that the state could not record, over 4 cycles");

            @SuppressWarnings("unchecked")
            Map<String, Object> state = (Map<String, Object>) fleet.stats().get("state");
            assertEquals(false, state.get("writable"), state.toString());
            assertTrue(state.get("error").toString().contains("SQLITE_FULL"), state.toString());
            HttpResponse<String> ready = fleet.get("/observe/health/ready");
            assertEquals(503, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("replication state"), ready.body());
            List<LogCapture.Line> full = logs.warningsAbout("SQLITE_FULL");
            assertEquals(1, full.size(), "the original error, once: " + logs.lines());
            assertTrue(logs.lines().stream().noneMatch(LogCapture.Line::hasStackTrace), "no stack traces");

            Files.delete(filler);
            CycleReport resumed = fleet.runCycle();

            assertTrue(resumed.allReplicated(), resumed.summary());
            assertEquals(20, resumed.uploaded());
            assertEquals(20 + storedWhileFull + 20, snapshots(s3).size(), "each database uploaded once more, no other duplicate");
            @SuppressWarnings("unchecked")
            Map<String, Object> recovered = (Map<String, Object>) fleet.stats().get("state");
            assertEquals(true, recovered.get("writable"), recovered.toString());
            assertEquals(200, fleet.get("/observe/health/ready").statusCode());
            assertEquals(0, fleet.runCycle().changed(), "everything recorded");
        }
    }

    private static Map<String, String> inFlight(Map<String, String> target) {
        Map<String, String> properties = new HashMap<>(target);
        properties.put("litefleet.max-concurrent-uploads", Integer.toString(IN_FLIGHT));
        return properties;
    }

    private static List<String> snapshots(S3Server s3) {
        return s3.keys().stream().filter(k -> ObjectKeys.parse(k).isPresent()).toList();
    }

    /** Fills the file system of {@code directory} to the last byte; deleting the returned file frees it. */
    private static Path fill(Path directory) throws IOException {
        Path filler = directory.resolve("filler");
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
                out.flush();
            }
        } catch (IOException full) {
            if (!full.getMessage().contains("No space left")) {
                throw full;
            }
        }
        return filler;
    }
}
