package io.litefleet.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.litefleet.model.ObjectKeys;
import io.litefleet.sample.SampleFleet;
import io.litefleet.settings.LiteFleetSettings;
import io.litefleet.stats.CycleReport;
import io.litefleet.storage.S3Target;
import io.litefleet.storage.SnapshotCatalog;
import io.litefleet.storage.Target;
import io.litefleet.testing.CountingBlobStore;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.S3Server;
import io.litefleet.testing.Sqlite;
import io.litefleet.testing.TestSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** Retention against a real S3 server, with the requests counted by the server. */
class RetentionTest {

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
    void keepLastThreeLeavesExactlyThreeObjectsAfterTenChanges() throws Exception {
        Path tenant = SampleFleet.generate(work.resolve("data"), 1, 5).get(0);
        Map<String, String> properties = new HashMap<>(s3.targetProperties());
        properties.putAll(Map.of("litefleet.retention.keep-last", "3", "litefleet.retention.keep-hourly", "0",
                "litefleet.retention.keep-daily", "0", "litefleet.retention.keep-weekly", "0"));
        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, properties)) {
            for (int cycle = 0; cycle < 10; cycle++) {
                Sqlite.execute(tenant, "INSERT INTO items (name, qty) VALUES ('change " + cycle + "', " + cycle + ")");
                Sqlite.settle();
                assertEquals(1, fleet.runCycle().uploaded(), "cycle " + cycle);
            }
        }

        List<String> keys = s3.keys();
        assertEquals(3, keys.size(), keys.toString());
        assertEquals(1, requests.lists.get(), "the one LIST is this test's own");
        assertEquals(7, requests.deletes.get(), "one delete request per expired snapshot, none repeated");
        assertEquals(3, Sqlite.rows(work.resolve("state/s3/state.db"), "SELECT key FROM snapshot").size(),
                "the state knows exactly the retained keys");
    }

    @Test
    void thePruneCommandReconcilesTheWholeBucketFromOneListing() throws Exception {
        Instant base = Instant.parse("2026-11-20T00:00:00Z");
        for (String tenant : List.of("acme/orders/main/t1", "globex/users/main/t2")) {
            for (int i = 0; i < 10; i++) {
                String key = ObjectKeys.snapshotKey(tenant, base.plus(Duration.ofMinutes(10L * i)));
                s3.client().putObject(b -> b.bucket(S3Server.BUCKET).key(key), RequestBody.fromString("snapshot"));
            }
        }
        LiteFleetSettings settings = TestSettings.load(s3.targetProperties());
        RetentionPolicy keepLastThree = new RetentionPolicy(3, 0, 0, 0);
        requests.reset();

        try (Target store = new S3Target(settings.s3().orElseThrow(), 4)) {
            SnapshotCatalog catalog = new SnapshotCatalog(store, note -> { });
            List<String> wouldDelete = new ArrayList<>();
            TargetPruner.Summary dryRun = new TargetPruner(catalog, store, keepLastThree).prune("", true, wouldDelete::add);

            assertEquals(new TargetPruner.Summary(2, 20, 14, true), dryRun);
            assertEquals(20, s3.keys().size(), "a dry run deletes nothing");
            assertEquals(0, requests.deletes.get());

            List<String> deleted = new ArrayList<>();
            new TargetPruner(catalog, store, keepLastThree).prune("", false, deleted::add);

            assertEquals(wouldDelete, deleted);
            List<String> left = s3.keys();
            assertEquals(6, left.size());
            assertTrue(left.stream().noneMatch(deleted::contains));
            assertEquals(1, requests.deletes.get(), "one multi-object delete for 14 keys");
        }
    }

    @Test
    void steadyStateSendsNoListRequests() throws Exception {
        List<Path> tenants = SampleFleet.generate(work.resolve("data"), 200, 5);
        Map<String, String> keepLastOne = new HashMap<>(s3.targetProperties());
        keepLastOne.putAll(Map.of("litefleet.retention.keep-last", "1", "litefleet.retention.keep-hourly", "0",
                "litefleet.retention.keep-daily", "0"));
        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, keepLastOne)) {
            assertEquals(200, fleet.runCycle().uploaded());
            for (int cycle = 0; cycle < 20; cycle++) {
                for (int i = 0; i < 10; i++) {
                    Sqlite.execute(tenants.get((cycle * 10 + i) % 200), "UPDATE items SET qty = qty + 1 WHERE id = 1");
                }
                Sqlite.settle();
                CycleReport report = fleet.runCycle();
                assertEquals(10, report.uploaded(), "5 % of the fleet changed in cycle " + cycle);
            }
            @SuppressWarnings("unchecked")
            Map<String, Number> counted = (Map<String, Number>) fleet.stats().get("s3_requests");
            assertEquals(requests.puts.get() + requests.markerPuts.get(), counted.get("put").intValue(), "LiteFleet's PUT count matches the server's");
            assertEquals(200, requests.deletes.get(), "each upload after the first expires its predecessor");
            assertEquals(requests.deletes.get(), counted.get("delete").intValue());
            assertEquals(0, counted.get("list").intValue());
            double perDay = ((Number) fleet.stats().get("estimated_request_cost_per_day_usd")).doubleValue();
            assertTrue(perDay > 0, "a cost estimate: " + perDay);
        }
        assertEquals(0, requests.lists.get(), "LIST requests over 21 cycles");
        assertEquals(400, requests.puts.get());
        assertEquals(21, requests.markerPuts.get(), "one owner heartbeat per cycle");
        assertEquals(200, s3.keys().size(), "one snapshot per tenant is kept");
    }
}
