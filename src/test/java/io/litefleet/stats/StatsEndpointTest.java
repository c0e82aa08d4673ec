package io.litefleet.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import io.litefleet.model.Fingerprint;
import io.litefleet.state.ReplicationState;
import io.litefleet.storage.FileTarget;
import io.litefleet.storage.TargetOwner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /stats} as plain Java: which document, with which status, for which path. */
class StatsEndpointTest {

    @TempDir
    Path work;

    @Test
    void eachPathGetsItsDocumentAndStatus() throws Exception {
        try (ReplicationState state = ReplicationState.open(work.resolve("state"), "test target")) {
            Path database = Path.of("/data/acme/databases/orders/branches/main/tenants/100%.db");
            state.recordUpload(database, "acme/orders/main/100%25", Optional.of(new Fingerprint(4096, 1_000, 7, 1_000, 0, 0, 0)),
                    "ab".repeat(32), "acme/orders/main/100%25/20261201T060000.000Z.db.lz4", Instant.parse("2026-12-01T06:00:00Z"));
            AtomicBoolean leads = new AtomicBoolean(true);
            TargetOwner owner = new TargetOwner(new FileTarget(work.resolve("replica")), () -> "state", false, work.toString(),
                    Duration.ofSeconds(30), Clock.systemUTC());
            StatsEndpoint endpoint = new StatsEndpoint(new ReplicationStats(Clock.systemUTC(), new S3RequestCounter(),
                    new RequestCosts(0.005, 0.0004), "test"), new VerifyStats(Clock.systemUTC()),
                    List.of(new TargetStatus("file", state, owner)), leads::get);

            assertInstanceOf(StatsView.class, ok(endpoint.answer("/stats")));
            assertInstanceOf(StatsView.class, ok(endpoint.answer(null)), "a route with no HTTP path, such as a timer's");
            TenantView tenant = (TenantView) ok(endpoint.answer("/stats/acme/orders/main/100%25"));
            assertEquals("acme/orders/main/100%25/20261201T060000.000Z.db.lz4", tenant.lastKey(),
                    "found by its names, percent-encoded in the URL");
            assertEquals(404, endpoint.answer("/stats/acme/orders/main/nobody").status());
            assertEquals(404, endpoint.answer("/statsfoo").status());

            leads.set(false);
            StatsEndpoint.Answer standby = endpoint.answer("/stats/acme/orders/main/100%25");
            assertEquals(503, standby.status());
            assertEquals(false, ((Map<?, ?>) standby.document()).get("leader"));
            assertInstanceOf(StatsView.class, ok(endpoint.answer("/stats")), "a standby still answers /stats");
        }
    }

    @Test
    void aTenantOfAnotherMembersShardIsNotUnknownButElsewhere() throws Exception {
        try (ReplicationState state = ReplicationState.open(work.resolve("state"), "test target")) {
            TargetOwner owner = new TargetOwner(new FileTarget(work.resolve("replica")), () -> "state", true, work.toString(),
                    Duration.ofSeconds(30), Clock.systemUTC());
            StatsEndpoint endpoint = new StatsEndpoint(new ReplicationStats(Clock.systemUTC(), new S3RequestCounter(),
                    new RequestCosts(0.005, 0.0004), "test"), new VerifyStats(Clock.systemUTC()),
                    () -> List.of(new TargetStatus("file", state, owner)), () -> true, () -> List.of(1, 4),
                    prefix -> !prefix.endsWith("/elsewhere"));

            StatsEndpoint.Answer elsewhere = endpoint.answer("/stats/acme/orders/main/elsewhere");

            assertEquals(503, elsewhere.status());
            assertEquals(List.of(1, 4), ((Map<?, ?>) elsewhere.document()).get("shards"));
            assertEquals(404, endpoint.answer("/stats/acme/orders/main/nobody").status(), "in a shard it holds, and unknown");
        }
    }

    private static Object ok(StatsEndpoint.Answer answer) {
        assertEquals(200, answer.status(), String.valueOf(answer.document()));
        return answer.document();
    }
}
