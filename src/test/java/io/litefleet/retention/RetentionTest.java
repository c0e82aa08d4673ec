package io.litefleet.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import io.litefleet.sample.SampleFleet;
import io.litefleet.stats.CycleReport;
import io.litefleet.testing.CountingBlobStore;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.S3Server;
import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention against a real S3 server, with the requests counted by the server. */
class RetentionTest {

    @TempDir
    Path work;
    S3Server s3;
    CountingBlobStore requests;

    @BeforeEach
    void startS3() throws Exception {
        AtomicReference<CountingBlobStore> counting = new AtomicReference<>();
        s3 = S3Server.start(store -> {
            counting.set(new CountingBlobStore(store));
            return counting.get();
        });
        requests = counting.get();
    }

    @AfterEach
    void stopS3() throws Exception {
        s3.close();
    }

    @Test
    void keepLastThreeLeavesExactlyThreeObjectsAfterTenChanges() throws Exception {
        Path tenant = SampleFleet.generate(work.resolve("data"), 1, 5).get(0);
        Map<String, String> properties = new HashMap<>(s3.targetProperties());
        properties.putAll(Map.of("litefleet.retention.keep-last", "3", "litefleet.retention.keep-hourly", "0",
                "litefleet.retention.keep-daily", "0", "litefleet.retention.keep-weekly", "0"));
        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, properties)) {
            for (int cycle = 0; cycle < 10; cycle++) {
                Sqlite.execute(tenant, "INSERT INTO items (name, qty) VALUES ('change " + cycle + "', " + cycle + ")");
                Thread.sleep(100);
                assertEquals(1, fleet.runCycle().uploaded(), "cycle " + cycle);
            }
        }

        List<String> keys = s3.keys();
        assertEquals(3, keys.size(), keys.toString());
        assertEquals(1, requests.lists.get(), "the one LIST is this test's own");
        assertEquals(7, requests.deletes.get(), "one delete request per expired snapshot, none repeated");
        assertEquals(3, Sqlite.rows(work.resolve("state/state.db"), "SELECT key FROM snapshot").size(),
                "the state knows exactly the retained keys");
    }

    @Test
    void steadyStateSendsNoListRequests() throws Exception {
        List<Path> tenants = SampleFleet.generate(work.resolve("data"), 200, 5);
        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, s3.targetProperties())) {
            assertEquals(200, fleet.runCycle().uploaded());
            for (int cycle = 0; cycle < 20; cycle++) {
                for (int i = 0; i < 10; i++) {
                    Sqlite.execute(tenants.get((cycle * 10 + i) % 200), "UPDATE items SET qty = qty + 1 WHERE id = 1");
                }
                Thread.sleep(100);
                CycleReport report = fleet.runCycle();
                assertEquals(10, report.uploaded(), "5 % of the fleet changed in cycle " + cycle);
            }
        }
        assertEquals(0, requests.lists.get(), "LIST requests over 21 cycles");
        assertEquals(400, requests.puts.get());
    }
}
