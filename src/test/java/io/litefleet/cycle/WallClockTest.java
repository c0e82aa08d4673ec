package io.litefleet.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.litefleet.model.ObjectKeys;
import io.litefleet.model.StoredSnapshot;
import io.litefleet.restore.SnapshotRestorer;
import io.litefleet.sample.SampleFleet;
import io.litefleet.storage.SnapshotCatalog;
import io.litefleet.testing.AdjustableClock;
import io.litefleet.testing.LogCapture;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.Sqlite;
import io.litefleet.testing.TestTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Snapshots are ordered as they were taken, whatever the wall clock says: restore and retention follow that order. */
class WallClockTest {

    private static final Map<String, String> KEEP_LAST_THREE = Map.of("litefleet.retention.keep-last", "3",
            "litefleet.retention.keep-hourly", "0", "litefleet.retention.keep-daily", "0", "litefleet.retention.keep-weekly", "0");

    @TempDir
    Path work;
    final AdjustableClock clock = new AdjustableClock();

    @ParameterizedTest
    @EnumSource(TestTarget.Kind.class)
    void oneCycleWithTheClockAYearAheadNeitherHidesNorPrunesTheSnapshotsTakenAfterIt(TestTarget.Kind kind) throws Exception {
        List<Path> tenants = SampleFleet.generate(work.resolve("data"), 3, 5);
        try (TestTarget target = TestTarget.start(kind, work);
             RunningLiteFleet fleet = RunningLiteFleet.start(work, target.properties(KEEP_LAST_THREE), clock);
             LogCapture logs = LogCapture.capture()) {
            clock.shift(Duration.ofDays(365));
            assertEquals(3, fleet.runCycle().uploaded());
            clock.shift(Duration.ZERO);
            for (int cycle = 1; cycle <= 4; cycle++) {
                for (Path tenant : tenants) {
                    Sqlite.execute(tenant, "INSERT INTO items (name, qty) VALUES ('after the clock came back', " + cycle + ")");
                }
                Sqlite.settle();
                assertEquals(3, fleet.runCycle().uploaded(), "cycle " + cycle);
            }

            SnapshotCatalog catalog = new SnapshotCatalog(target.store(), note -> { });
            for (Path source : tenants) {
                List<StoredSnapshot> history = catalog.snapshotsOf(prefixOf(source));
                assertEquals(3, history.size(), "keep-last 3: " + history);
                for (int i = 0; i < 3; i++) {
                    // the snapshots of cycles 2, 3 and 4, oldest first: 5 rows plus one per cycle
                    assertEquals(List.of(Integer.toString(7 + i)), Sqlite.rows(restore(target, history.get(i)), "SELECT count(*) FROM items"),
                            history.get(i).key());
                }
                Path newest = restore(target, SnapshotCatalog.newestAtOrBefore(history, Optional.empty()).orElseThrow());
                assertEquals(Sqlite.rows(source, "SELECT * FROM items ORDER BY id"), Sqlite.rows(newest, "SELECT * FROM items ORDER BY id"),
                        "the default restore returns the last write");
            }
            assertEquals(1, logs.warningsAbout("clock").size(), "the clock behind the snapshots is said once: " + logs.lines());
        }
    }

    @ParameterizedTest
    @EnumSource(TestTarget.Kind.class)
    void cyclesWithinOneMillisecondNeverShareAKey(TestTarget.Kind kind) throws Exception {
        Path source = SampleFleet.generate(work.resolve("data"), 1, 5).get(0);
        try (TestTarget target = TestTarget.start(kind, work);
             RunningLiteFleet fleet = RunningLiteFleet.start(work, target.properties(Map.of()), clock)) {
            clock.freeze(Instant.parse("2026-11-30T12:00:00.123Z"));
            for (int cycle = 1; cycle <= 3; cycle++) {
                Sqlite.execute(source, "INSERT INTO items (name, qty) VALUES ('same millisecond', " + cycle + ")");
                Sqlite.settle();
                assertEquals(1, fleet.runCycle().uploaded(), "cycle " + cycle);
            }

            List<String> snapshots = target.keys().stream().filter(k -> ObjectKeys.parse(k).isPresent()).toList();
            assertEquals(3, snapshots.size(), "three snapshots, three keys: " + snapshots);
            List<StoredSnapshot> history = new SnapshotCatalog(target.store(), note -> { }).snapshotsOf(prefixOf(source));
            Path newest = restore(target, SnapshotCatalog.newestAtOrBefore(history, Optional.empty()).orElseThrow());
            assertEquals(List.of("8"), Sqlite.rows(newest, "SELECT count(*) FROM items"));
        }
    }

    @Test
    void aClockSteppedByAYearLeavesDurationsAndReadinessAlone() throws Exception {
        SampleFleet.generate(work.resolve("data"), 2, 5);
        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, Map.of(), clock)) {
            fleet.runCycle();
            for (Duration step : List.of(Duration.ofDays(365), Duration.ofDays(-365))) {
                clock.shift(step);

                HttpResponse<String> ready = fleet.get("/observe/health/ready");
                assertEquals(200, ready.statusCode(), "a cycle ended a moment ago, whatever the clock says: " + ready.body());
                long uptime = ((Number) fleet.stats().get("uptime_seconds")).longValue();
                assertTrue(uptime >= 0 && uptime < 600, "uptime " + uptime + " s after a step of " + step);
                assertTrue(fleet.runCycle().duration().toMillis() >= 0);
            }
        }
    }

    private Path restore(TestTarget target, StoredSnapshot snapshot) throws Exception {
        Path output = work.resolve("restored").resolve(snapshot.key());
        new SnapshotRestorer(target.store()).restore(snapshot, output, true);
        return output;
    }

    /** acme/orders/main/t00000 for data/acme/databases/orders/branches/main/tenants/t00000.db. */
    private Path dataRelative(Path source) {
        return work.resolve("data").relativize(source);
    }

    private String prefixOf(Path source) {
        Path p = dataRelative(source);
        String file = p.getName(6).toString();
        return String.join("/", p.getName(0).toString(), p.getName(2).toString(), p.getName(4).toString(),
                file.substring(0, file.length() - ".db".length()));
    }
}
