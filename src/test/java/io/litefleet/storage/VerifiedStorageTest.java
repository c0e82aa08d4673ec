package io.litefleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.litefleet.stats.CycleReport;
import io.litefleet.testing.CorruptingBlobStore;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.S3Server;
import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upload counts as done only when the target stored the bytes that were sent: a server
 * that answers 200 and keeps something else fails the upload with the reason, and the next cycle
 * uploads again.
 */
class VerifiedStorageTest {

    @TempDir
    Path work;

    @Test
    void aServerThatStoresSomethingElseFailsTheUploadAndTheNextCycleRetries() throws Exception {
        Path tenants = Files.createDirectories(work.resolve("data/acme/databases/orders/branches/main/tenants"));
        Path database = tenants.resolve("t1.db");
        Sqlite.execute(database, "CREATE TABLE items (id INTEGER PRIMARY KEY, v TEXT)", "INSERT INTO items (v) VALUES ('kept')");
        AtomicReference<CorruptingBlobStore> server = new AtomicReference<>();
        try (S3Server s3 = S3Server.start(store -> {
            server.set(new CorruptingBlobStore(store));
            return server.get();
        }); RunningLiteFleet fleet = RunningLiteFleet.start(work, s3.targetProperties())) {

            CycleReport first = fleet.runCycle();

            assertEquals(1, server.get().corrupted.get());
            assertEquals(0, first.uploaded(), "not recorded as stored");
            assertEquals(1, first.failed());
            String reason = failingReason(fleet.stats());
            assertTrue(reason.startsWith("s3 stored something else than was sent: ETag "), reason);
            assertTrue(reason.contains(", MD5 of the body "), reason);
            assertEquals(List.of(), s3.keys(), "the damaged object deleted: a restore would pick it as the newest");

            server.get().corrupting = false;
            CycleReport second = fleet.runCycle();

            assertEquals(1, second.uploaded(), "the unchanged database is uploaded again");
            assertEquals(0, second.failed());
            String key = s3.keys().stream().sorted().reduce((a, b) -> b).orElseThrow();
            Path restored = Sqlite.decompress(s3.get(key), work.resolve("restored.db"));
            assertEquals("ok", Sqlite.integrityCheck(restored));
            assertEquals(List.of("kept"), Sqlite.rows(restored, "SELECT v FROM items"));
        }
    }

    @SuppressWarnings("unchecked")
    private static String failingReason(Map<String, Object> stats) {
        Map<String, Object> failing = (Map<String, Object>) stats.get("failing");
        List<Map<String, Object>> recent = (List<Map<String, Object>>) failing.get("recent");
        assertEquals(1, recent.size(), stats.toString());
        return (String) recent.get(0).get("reason");
    }
}
