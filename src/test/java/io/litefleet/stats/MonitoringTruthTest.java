package io.litefleet.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import io.litefleet.sample.SampleFleet;
import io.litefleet.testing.Await;
import io.litefleet.testing.LogCapture;
import io.litefleet.testing.RunningLiteFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * /stats counts as failing or lagging only databases that exist: one that vanished stops counting
 * whatever kind of scan saw it go; and a file that cannot be a database is reported once, not
 * every cycle.
 */
class MonitoringTruthTest {

    private static final Duration TWO_DAYS = Duration.ofDays(2);

    @TempDir
    Path work;

    @Test
    void aFailingDatabaseThatVanishedStopsCountingBetweenWholeWalks() throws Exception {
        Path broken = brokenDatabase(SampleFleet.generate(work.resolve("data"), 3, 10).get(0).resolveSibling("broken.db"), TWO_DAYS);
        Map<String, String> fileEvents = Map.of("litefleet.watch-directories", "true", "litefleet.full-scan-interval", "1h");
        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, fileEvents)) {
            fleet.runCycle();
            assertEquals(1, failingCount(fleet.stats()));
            assertTrue(lagSeconds(fleet.stats()) >= TWO_DAYS.toSeconds(), fleet.stats().toString());

            Files.delete(broken);
            Await.until(Duration.ofSeconds(30), "the deleted database stops counting as failing", () -> {
                fleet.runCycle();
                return failingCount(fleet.stats()) == 0;
            });

            Map<String, Object> stats = fleet.stats();
            assertEquals("changed directories", stats.get("last_scan_kind"), "seen by a scan between whole walks");
            assertEquals(0, failingCount(stats), stats.toString());
            assertEquals(0L, lagSeconds(stats), "nothing is behind: " + stats);
        }
    }

    @Test
    void aFailingDatabaseThatVanishedStopsCountingWhileCyclesDeferDatabases() throws Exception {
        Path tenants = Files.createDirectories(work.resolve("data/acme/databases/orders/branches/main/tenants"));
        Path oldest = brokenDatabase(tenants.resolve("broken1.db"), TWO_DAYS);
        for (int i = 2; i <= 4; i++) {
            brokenDatabase(tenants.resolve("broken" + i + ".db"), Duration.ofHours(1));
        }
        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, Map.of("litefleet.max-databases-per-cycle", "2"))) {
            fleet.runCycle();
            fleet.runCycle();
            assertEquals(4, failingCount(fleet.stats()), "two cycles tried all four");

            Files.delete(oldest);
            fleet.runCycle();

            Map<String, Object> stats = fleet.stats();
            assertEquals(1, stats.get("deferred_last_cycle"), "the cycle left one database for the next");
            assertEquals(3, failingCount(stats), stats.toString());
            long lag = lagSeconds(stats);
            assertTrue(lag >= 3600 && lag < TWO_DAYS.toSeconds(), "the lag of the ones left: " + stats);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFileThatCannotBeADatabaseIsReportedOnce() throws Exception {
        Path tenants = SampleFleet.generate(work.resolve("data"), 2, 10).get(0).getParent();
        Path notes = Files.writeString(tenants.resolve("notes.db"), "shopping list: milk, eggs\n");
        Path archive = Files.createDirectory(tenants.resolve("archive.db"));
        Map<String, String> fileEvents = Map.of("litefleet.watch-directories", "true", "litefleet.full-scan-interval", "1h");
        try (LogCapture logs = LogCapture.capture(); RunningLiteFleet fleet = RunningLiteFleet.start(work, fileEvents)) {
            for (int cycle = 0; cycle < 4; cycle++) {
                fleet.runCycle();
            }

            assertEquals(1, logs.warningsAbout(notes.toString()).size(), logs.lines().toString());
            assertEquals(1, logs.warningsAbout(archive.toString()).size(), logs.lines().toString());
            Map<String, Object> failing = (Map<String, Object>) fleet.stats().get("failing");
            Set<String> reasons = ((List<Map<String, Object>>) failing.get("recent")).stream()
                    .map(f -> f.get("path") + ": " + f.get("reason")).collect(Collectors.toSet());
            assertEquals(Set.of(notes + ": not a SQLite database (bad header)", archive + ": not a regular file (a directory)"), reasons);
            assertTrue(fleet.runCycle().scanComplete(), "a directory named like a database is no reason to call the scan incomplete");
        }
    }

    private static Path brokenDatabase(Path path, Duration age) throws Exception {
        Files.writeString(path, "not a database at all, just some words to make a header");
        Files.setLastModifiedTime(path, FileTime.from(Instant.now().minus(age)));
        return path;
    }

    @SuppressWarnings("unchecked")
    private static int failingCount(Map<String, Object> stats) {
        return ((Number) ((Map<String, Object>) stats.get("failing")).get("count")).intValue();
    }

    private static long lagSeconds(Map<String, Object> stats) {
        return ((Number) stats.get("oldest_unreplicated_change_seconds")).longValue();
    }
}
