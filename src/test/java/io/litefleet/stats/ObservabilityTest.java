package io.litefleet.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.litefleet.sample.SampleFleet;
import io.litefleet.testing.Await;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.S3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Prometheus metrics and health checks, over HTTP on the same port as /stats. */
class ObservabilityTest {

    @TempDir
    Path work;

    @Test
    void prometheusMetricsMatchStats() throws Exception {
        List<Path> tenants = SampleFleet.generate(work.resolve("data"), 6, 20);
        Files.writeString(tenants.get(0).resolveSibling("broken.db"), "no database here, only a sentence long enough");
        try (S3Server s3 = S3Server.start(); RunningLiteFleet fleet = RunningLiteFleet.start(work, s3.targetProperties())) {
            fleet.runCycle();
            fleet.runCycle();
            Map<String, Object> stats = fleet.stats();
            HttpResponse<String> scrape = fleet.get("/observe/metrics");
            assertEquals(200, scrape.statusCode());
            String metrics = scrape.body();

            assertEquals(((Number) stats.get("uploads_success")).doubleValue(), value(metrics, "litefleet_uploads_total"));
            assertEquals(((Number) stats.get("uploads_failed")).doubleValue(), value(metrics, "litefleet_upload_failures_total"));
            assertEquals(((Number) stats.get("bytes_uploaded")).doubleValue(), value(metrics, "litefleet_uploaded_bytes_total"));
            assertEquals(((Number) stats.get("skipped_identical")).doubleValue(), value(metrics, "litefleet_skipped_identical_total"));
            assertEquals(7.0, value(metrics, "litefleet_tracked_databases"));
            assertEquals(1.0, value(metrics, "litefleet_failing_databases"));
            assertEquals(0.0, value(metrics, "litefleet_unreadable_directories"), "the scan was complete");
            assertEquals(((Number) stats.get("oldest_unreplicated_change_seconds")).doubleValue(),
                    value(metrics, "litefleet_replication_lag_seconds"), 1.0);
            assertEquals(2.0, value(metrics, "litefleet_cycle_duration_seconds_count"));
            assertTrue(metrics.contains("litefleet_cycle_duration_seconds_bucket"), "a histogram");
            assertTrue(metrics.contains("routeId=\"replicate-database\""), "and Camel's route metrics");
            assertTrue(!metrics.contains(S3Server.SECRET_KEY) && !fleet.get("/observe/health").body().contains(S3Server.SECRET_KEY),
                    "no secret in metrics or health");
        }
    }

    @Test
    void readinessIsDownWhileTheTargetIsDownAndUpAfterASuccessfulCycle() throws Exception {
        SampleFleet.generate(work.resolve("data"), 3, 5);
        try (S3Server s3 = S3Server.start(); RunningLiteFleet fleet = RunningLiteFleet.start(work, s3.targetProperties())) {
            s3.stop();
            fleet.runCycle();

            HttpResponse<String> down = fleet.get("/observe/health/ready");
            assertEquals(503, down.statusCode(), down.body());
            assertTrue(down.body().contains("DOWN"), down.body());
            assertEquals(200, fleet.get("/observe/health/live").statusCode(), "alive all the same");

            s3.restart();
            fleet.runCycle();

            HttpResponse<String> up = fleet.get("/observe/health/ready");
            assertEquals(200, up.statusCode(), up.body());
        }
    }

    @Test
    void readinessIsDownWhenNoCycleCompletedForThreeIntervals() throws Exception {
        Map<String, String> oneSecond = new HashMap<>(Map.of("litefleet.sync-interval", "1s"));
        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, oneSecond)) {
            fleet.runCycle();
            assertEquals(200, fleet.get("/observe/health/ready").statusCode());

            // the schedule is off in tests: no cycle runs, and after three intervals readiness says so
            Await.until(Duration.ofSeconds(30), "readiness down", () -> fleet.get("/observe/health/ready").statusCode() == 503);
        }
    }

    private static double value(String metrics, String name) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$").matcher(metrics);
        assertTrue(m.find(), name + " in\n" + metrics.lines().filter(l -> l.startsWith("litefleet")).toList());
        return Double.parseDouble(m.group(2));
    }
}
