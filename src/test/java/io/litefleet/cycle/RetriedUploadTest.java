package io.litefleet.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.litefleet.stats.CycleReport;
import io.litefleet.testing.FailFirstPutBlobStore;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.S3Server;
import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A 500 from S3 is retried by the SDK within the same upload, which needs a request body it can
 * send twice: a body larger than the SDK's 128 KiB replay buffer used to fail with "does not support
 * mark/reset" and wait for the next cycle.
 */
class RetriedUploadTest {

    @TempDir
    Path work;

    @Test
    void anUploadAnsweredWith500IsRetriedAndStoredWhateverItsSize() throws Exception {
        Path tenants = Files.createDirectories(work.resolve("data/acme/databases/orders/branches/main/tenants"));
        Path small = tenants.resolve("small.db");
        Sqlite.execute(small, "CREATE TABLE items (id INTEGER PRIMARY KEY, v BLOB)", "INSERT INTO items (v) VALUES ('one row')");
        Path large = tenants.resolve("large.db");
        // random bytes do not compress: a frame of about 1 MiB
        Sqlite.execute(large, "CREATE TABLE items (id INTEGER PRIMARY KEY, v BLOB)",
                "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 256) INSERT INTO items (v) SELECT randomblob(4096) FROM c");
        AtomicReference<FailFirstPutBlobStore> faults = new AtomicReference<>();
        try (S3Server s3 = S3Server.start(store -> {
            faults.set(new FailFirstPutBlobStore(store));
            return faults.get();
        }); RunningLiteFleet fleet = RunningLiteFleet.start(work, s3.targetProperties())) {

            CycleReport report = fleet.runCycle();

            assertEquals(3, faults.get().refused.get(), "each first PUT was answered 500: two snapshots and the owner marker");
            assertEquals(0, report.failed(), "retried within the upload, not left for the next cycle");
            assertEquals(2, report.uploaded());
            List<String> keys = s3.keys();
            assertEquals(2, keys.size());
            for (Path database : List.of(small, large)) {
                String name = database.getFileName().toString().replace(".db", "");
                String key = keys.stream().filter(k -> k.startsWith("acme/orders/main/" + name + "/")).findFirst().orElseThrow();
                Path restored = Sqlite.decompress(s3.get(key), work.resolve("restored-" + name + ".db"));
                assertEquals("ok", Sqlite.integrityCheck(restored));
                assertEquals(Sqlite.rows(database, "SELECT id, hex(v) FROM items ORDER BY id"),
                        Sqlite.rows(restored, "SELECT id, hex(v) FROM items ORDER BY id"));
            }
            try (var left = Files.walk(fleet.temporaryDirectory())) {
                assertEquals(List.of(), left.filter(Files::isRegularFile).toList(), "no temporary file left behind");
            }
        }
    }
}
