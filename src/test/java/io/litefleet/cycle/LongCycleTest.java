package io.litefleet.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.litefleet.sample.SampleFleet;
import io.litefleet.stats.CycleReport;
import io.litefleet.testing.Await;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.S3Server;
import io.litefleet.testing.SlowPutBlobStore;
import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A first sync that takes many times a quick cycle (every database new, a slow S3, two uploads at
 * a time): /stats shows its backlog, rate and ETA while it runs, and a database written after its
 * upload in that long cycle is picked up by the next cycle. One larger than
 * litefleet.max-databases-per-cycle runs as several cycles, the oldest changes first.
 */
class LongCycleTest {

    private static final int TENANTS = 40;

    @TempDir
    Path work;

    @Test
    void aLongFirstSyncShowsItsProgressAndTheNextCycleTakesWhatChangedMeanwhile() throws Exception {
        List<Path> databases = SampleFleet.generate(work.resolve("data"), TENANTS, 10);
        Map<String, String> twoAtATime = Map.of("litefleet.max-concurrent-uploads", "2");
        try (S3Server s3 = S3Server.start(store -> new SlowPutBlobStore(store, 1, 150));
             RunningLiteFleet fleet = RunningLiteFleet.start(work, merge(s3.targetProperties(), twoAtATime))) {

            CompletableFuture<CycleReport> firstSync = CompletableFuture.supplyAsync(fleet::runCycle);
            Map<String, Object> progress = awaitProgress(fleet, 10);

            long done = ((Number) progress.get("done")).longValue();
            assertEquals(TENANTS, ((Number) progress.get("changed")).intValue(), progress.toString());
            assertEquals(TENANTS - done, ((Number) progress.get("backlog")).longValue(), progress.toString());
            assertTrue(((Number) progress.get("rate_per_second")).doubleValue() > 0, progress.toString());
            assertNotNull(progress.get("eta_seconds"), progress.toString());

            // a database already stored in this cycle is written to while the cycle goes on
            Path early = databases.stream().filter(db -> s3.keys().stream().anyMatch(k -> k.startsWith(prefix(db) + "/")))
                    .findFirst().orElseThrow();
            Sqlite.execute(early, "INSERT INTO items (name, qty) VALUES ('written during the long cycle', 1)");

            CycleReport first = firstSync.get(2, TimeUnit.MINUTES);
            assertEquals(TENANTS, first.uploaded(), first.summary());
            assertTrue(first.summary().contains("databases/s"), first.summary());
            assertNull(fleet.stats().get("cycle_in_progress"), "no cycle under way");

            CycleReport next = fleet.runCycle();
            assertEquals(1, next.changed(), next.summary());
            assertEquals(1, next.uploaded(), next.summary());
            assertEquals(2, s3.keys().stream().filter(k -> k.startsWith(prefix(early) + "/")).count());
        }
    }

    @Test
    void aCycleTakesAtMostMaxDatabasesPerCycleTheOldestChangesFirstAndTheNextOnesTakeTheRest() throws Exception {
        List<Path> databases = SampleFleet.generate(work.resolve("data"), TENANTS, 10);
        Set<Path> oldest = new HashSet<>();
        for (int i = 0; i < TENANTS; i++) {
            Path db = databases.get(i);
            // five databases changed a day ago, the others an hour ago (WAL files included)
            Instant changedAt = Instant.now().minus(i % 8 == 3 ? Duration.ofDays(1) : Duration.ofHours(1));
            Files.setLastModifiedTime(db, FileTime.from(changedAt));
            Path wal = db.resolveSibling(db.getFileName() + "-wal");
            if (Files.exists(wal)) {
                Files.setLastModifiedTime(wal, FileTime.from(changedAt));
            }
            if (i % 8 == 3) {
                oldest.add(db);
            }
        }
        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, Map.of("litefleet.max-databases-per-cycle", "15"))) {
            CycleReport first = fleet.runCycle();
            assertEquals(List.of(40, 25, 15L), List.of(first.changed(), first.deferred(), first.uploaded()), first.summary());
            assertFalse(first.allReplicated());
            assertTrue(first.summary().contains("25 left for the next cycle"), first.summary());
            assertEquals(25, ((Number) fleet.stats().get("deferred_last_cycle")).intValue());
            for (Path db : oldest) {
                assertTrue(Files.exists(fleet.replica().resolve(prefix(db))), "the oldest changes go first: " + db);
            }

            CycleReport second = fleet.runCycle();
            assertEquals(List.of(25, 10, 15L), List.of(second.changed(), second.deferred(), second.uploaded()), second.summary());
            CycleReport third = fleet.runCycle();
            assertEquals(List.of(10, 0, 10L), List.of(third.changed(), third.deferred(), third.uploaded()), third.summary());
            assertTrue(third.allReplicated());
            assertEquals(0, fleet.runCycle().changed());
        }
    }

    @Test
    void databasesThatAlwaysFailDoNotStarveTheOthersUnderMaxDatabasesPerCycle() throws Exception {
        List<Path> good = SampleFleet.generate(work.resolve("data"), 5, 10);
        // two files that can never be replicated, changed long before any of the good ones
        List<Path> broken = List.of(good.get(0).resolveSibling("broken1.db"), good.get(0).resolveSibling("broken2.db"));
        for (Path db : broken) {
            Files.writeString(db, "not a database: no SQLite header, never replicated");
            Files.setLastModifiedTime(db, FileTime.from(Instant.now().minus(Duration.ofDays(1))));
        }
        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, Map.of("litefleet.max-databases-per-cycle", "2"))) {
            for (int cycle = 0; cycle < 5; cycle++) {
                fleet.runCycle();
            }

            for (Path db : good) {
                assertTrue(Files.exists(fleet.replica().resolve(prefix(db))), "replicated within 5 cycles: " + db);
            }
            CycleReport next = fleet.runCycle();
            assertEquals(List.of(2, 0, 2L), List.of(next.changed(), next.deferred(), next.failed()),
                    "the failing ones are still tried when there is room: " + next.summary());
        }
    }

    /** The /stats progress of the cycle under way, once it has done at least {@code done} databases. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> awaitProgress(RunningLiteFleet fleet, int done) throws Exception {
        return (Map<String, Object>) Await.value(Duration.ofMinutes(1), "a cycle_in_progress with " + done + " done in /stats",
                () -> fleet.stats().get("cycle_in_progress"),
                progress -> progress instanceof Map<?, ?> map && ((Number) map.get("done")).intValue() >= done);
    }

    /** The prefix of a sample fleet database: project/database/branch/tenant. */
    private static String prefix(Path db) {
        Path tenants = db.getParent();
        Path branch = tenants.getParent();
        Path database = branch.getParent().getParent();
        Path project = database.getParent().getParent();
        String tenant = db.getFileName().toString().replaceFirst("\\.db$", "");
        return project.getFileName() + "/" + database.getFileName() + "/" + branch.getFileName() + "/" + tenant;
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> all = new java.util.HashMap<>(a);
        all.putAll(b);
        return all;
    }
}
