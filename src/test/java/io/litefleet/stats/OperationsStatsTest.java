package io.litefleet.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.litefleet.sample.SampleFleet;
import io.litefleet.testing.LogCapture;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.S3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A scripted scenario with known counts, read back the way an operator reads it: /stats and the logs. */
class OperationsStatsTest {

    @TempDir
    Path work;

    @Test
    @SuppressWarnings("unchecked")
    void statsTellWhatHappenedAndWhichTenantIsNotBackedUp() throws Exception {
        List<Path> good = SampleFleet.generate(work.resolve("data"), 10, 50);
        Path broken = good.get(0).resolveSibling("broken.db");
        Files.writeString(broken, "not a database at all, just some words to make a header");
        Instant brokenSince = Instant.now().minusSeconds(120);
        Files.setLastModifiedTime(broken, FileTime.from(brokenSince));
        long sourceBytes = 0;
        for (Path db : good) {
            sourceBytes += Files.size(db);
        }

        try (S3Server s3 = S3Server.start(); LogCapture logs = LogCapture.capture();
             RunningLiteFleet fleet = RunningLiteFleet.start(work, s3.targetProperties())) {
            for (int cycle = 0; cycle < 3; cycle++) {
                fleet.runCycle();
            }
            Map<String, Object> stats = fleet.stats();

            assertEquals(11, stats.get("databases"));
            assertEquals(3, stats.get("cycles"));
            assertEquals(10, stats.get("uploads_success"));
            assertEquals(3, stats.get("uploads_failed"), "the broken one, once per cycle");
            Map<String, Object> lastCycle = (Map<String, Object>) stats.get("last_cycle");
            assertEquals(Map.of("scanned", 11, "changed", 1, "uploaded", 0, "skipped_identical", 0, "failed", 1),
                    Map.of("scanned", lastCycle.get("scanned"), "changed", lastCycle.get("changed"), "uploaded", lastCycle.get("uploaded"),
                            "skipped_identical", lastCycle.get("skipped_identical"), "failed", lastCycle.get("failed")));
            Map<String, Object> failing = (Map<String, Object>) stats.get("failing");
            assertEquals(1, failing.get("count"));
            Map<String, Object> failure = ((List<Map<String, Object>>) failing.get("recent")).get(0);
            assertEquals("acme/orders/main/broken", failure.get("tenant"));
            assertEquals(broken.toString(), failure.get("path"));
            assertEquals("not a SQLite database (bad header)", failure.get("reason"));
            assertTrue(((Number) stats.get("oldest_unreplicated_change_seconds")).longValue() >= 120, stats.toString());
            long read = ((Number) stats.get("bytes_read")).longValue();
            assertTrue(read > 0 && read <= sourceBytes, "uncompressed snapshot bytes: " + read + " of " + sourceBytes);
            double ratio = ((Number) stats.get("compression_ratio")).doubleValue();
            assertEquals((double) read / ((Number) stats.get("bytes_uploaded")).longValue(), ratio, 0.01);
            assertTrue(((Number) stats.get("uptime_seconds")).longValue() >= 0);
            assertEquals("development", stats.get("version"));
            assertTrue(((Number) stats.get("last_scan_duration_ms")).longValue() >= 0);
            assertTrue(((Number) stats.get("last_cycle_duration_ms")).longValue() >= 0);
            assertEquals(0, ((Number) lastCycle.get("bytes")).intValue(), "the last cycle uploaded nothing");
            assertTrue(Instant.parse((String) failure.get("since")).isAfter(brokenSince), "failing since the first cycle");

            Map<String, Object> tenant = json(fleet.get("/stats/acme/orders/main/t00000/"));
            assertEquals(good.get(0).toString(), tenant.get("path"));
            assertTrue(s3.keys().contains((String) tenant.get("last_key")), tenant.toString());
            assertNull(tenant.get("last_error"));
            Map<String, Object> brokenTenant = json(fleet.get("/stats/acme/orders/main/broken"));
            assertEquals("not a SQLite database (bad header)", ((Map<String, Object>) brokenTenant.get("last_error")).get("reason"));
            HttpResponse<String> unknown = fleet.get("/stats/acme/orders/main/nobody");
            assertEquals(404, unknown.statusCode());
            assertEquals("unknown tenant", new ObjectMapper().readValue(unknown.body(), Map.class).get("error"));
            assertEquals(404, fleet.get("/statsacme/orders/main/t00000").statusCode(), "only /stats and what is below it");
            assertEquals(List.of(), logs.lines().stream().filter(LogCapture.Line::hasStackTrace).toList(), "no stack traces");

            assertEquals(3, logs.lines().stream().filter(l -> l.message().startsWith("Cycle ")).count(), "one summary line per cycle");
            assertEquals(1, logs.warningsAbout(broken.toString()).size(), "the failing tenant is named once across three cycles");
            assertTrue(logs.lines().stream().noneMatch(l -> l.message().contains(S3Server.SECRET_KEY)), "no secret in any line");
            assertFalse(fleet.get("/stats").body().contains(S3Server.SECRET_KEY));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(HttpResponse<String> response) throws Exception {
        assertEquals(200, response.statusCode(), response.body());
        return new ObjectMapper().readValue(response.body(), Map.class);
    }
}
