package io.litefleet.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import io.litefleet.stats.CycleReport;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots taken while applications keep writing are consistent: every one passes
 * {@code integrity_check} and satisfies the invariant the writers keep in every transaction
 * (a row in {@code debits} always has its twin in {@code credits}).
 */
class ConsistencyUnderLoadTest {

    private static final int DATABASES = 10;
    private static final int CYCLES = 5;

    @TempDir
    Path work;

    @Test
    void everySnapshotTakenUnderContinuousWritesIsConsistent() throws Exception {
        List<Path> databases = new ArrayList<>();
        for (int i = 0; i < DATABASES; i++) {
            Path db = work.resolve("data/load/databases/ledger/branches/main/tenants/t" + i + ".db");
            Files.createDirectories(db.getParent());
            Sqlite.execute(db, "PRAGMA journal_mode=" + (i % 2 == 0 ? "WAL" : "DELETE"),
                    "CREATE TABLE debits (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL, pad BLOB)",
                    "CREATE TABLE credits (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL, pad BLOB)");
            databases.add(db);
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService writers = Executors.newFixedThreadPool(DATABASES);
        List<Future<Long>> transactions = new ArrayList<>();
        for (Path db : databases) {
            transactions.add(writers.submit(() -> writeUntilStopped(db, writing)));
        }

        long uploaded = 0;
        // every snapshot is checked below, so none is pruned
        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, Map.of("litefleet.retention.enabled", "false"))) {
            for (int cycle = 0; cycle < CYCLES; cycle++) {
                Thread.sleep(300); // the point: the writers commit between two cycles, so every database changed
                CycleReport report = fleet.runCycle();
                // A rollback-journal database under a hot writer may stay locked past the busy
                // timeout: that is a recorded failure retried next cycle, never a bad snapshot.
                assertEquals(DATABASES, report.changed(), "every database changed during cycle " + cycle);
                assertEquals(DATABASES, report.uploaded() + report.failed(), report.summary());
                uploaded += report.uploaded();
            }
        } finally {
            writing.set(false);
            writers.shutdown();
            assertTrue(writers.awaitTermination(30, TimeUnit.SECONDS));
        }
        for (Future<Long> t : transactions) {
            assertTrue(t.get() > 0, "the writers made progress while snapshots were taken");
        }

        List<Path> snapshots;
        try (Stream<Path> files = Files.walk(work.resolve("replica"))) {
            snapshots = files.filter(p -> p.toString().endsWith(".db.lz4")).toList();
        }
        assertEquals(uploaded, snapshots.size());
        assertTrue(uploaded >= DATABASES * CYCLES * 3 / 4, "most snapshots succeed under load: " + uploaded);
        for (int i = 0; i < DATABASES; i++) {
            String tenant = "/t" + i + "/";
            assertTrue(snapshots.stream().filter(p -> p.toString().contains(tenant)).count() >= 2, "snapshots of t" + i);
        }
        int n = 0;
        for (Path snapshot : snapshots) {
            Path db = Sqlite.decompress(Files.newInputStream(snapshot), work.resolve("check-" + n++ + ".db"));
            assertEquals("ok", Sqlite.integrityCheck(db), snapshot.toString());
            assertEquals(Sqlite.rows(db, "SELECT count(*), coalesce(sum(amount), 0) FROM debits"),
                    Sqlite.rows(db, "SELECT count(*), coalesce(sum(amount), 0) FROM credits"),
                    "debits and credits agree in " + snapshot);
        }
    }

    /** One application: each transaction writes a debit and its matching credit. */
    private static long writeUntilStopped(Path db, AtomicBoolean writing) throws Exception {
        long count = 0;
        try (Connection c = Sqlite.open(db);
             PreparedStatement debit = c.prepareStatement("INSERT INTO debits (amount, pad) VALUES (?, randomblob(512))");
             PreparedStatement credit = c.prepareStatement("INSERT INTO credits (amount, pad) VALUES (?, randomblob(512))")) {
            c.setAutoCommit(false);
            while (writing.get()) {
                long amount = 1 + count % 97;
                debit.setLong(1, amount);
                debit.executeUpdate();
                credit.setLong(1, amount);
                credit.executeUpdate();
                c.commit();
                count++;
                Thread.sleep(1); // a busy application, not a benchmark loop

            }
        }
        return count;
    }
}
