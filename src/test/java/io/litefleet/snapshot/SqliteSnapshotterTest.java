package io.litefleet.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.litefleet.testing.CrashedWriter;
import io.litefleet.testing.Sqlite;
import org.sqlite.Collation;
import org.sqlite.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteSnapshotterTest {

    @TempDir
    Path work;

    @Test
    void aWalSnapshotSeesCommittedRowsOnlyAndDoesNotWaitForAnOpenWriteTransaction() throws Exception {
        Path db = work.resolve("t.db");
        Path tmp = Files.createDirectory(work.resolve("tmp"));
        try (Connection app = Sqlite.open(db); Statement sql = app.createStatement()) {
            sql.execute("PRAGMA journal_mode=WAL");
            sql.execute("CREATE TABLE t (x TEXT)");
            sql.execute("INSERT INTO t VALUES ('committed')");
            app.setAutoCommit(false);
            sql.execute("INSERT INTO t VALUES ('in flight')");
            FileTime before = Files.getLastModifiedTime(db);

            Snapshot snapshot = new SqliteSnapshotter(tmp, Duration.ofMillis(100)).snapshot(db);

            assertEquals(List.of("committed"), Sqlite.rows(snapshot.file(), "SELECT x FROM t"));
            assertEquals(Files.size(snapshot.file()), snapshot.size());
            assertEquals(before, Files.getLastModifiedTime(db), "the application's database is not touched");
            assertEquals(List.of(snapshot.file()), list(tmp), "nothing but the snapshot in the temporary directory");
            assertEquals(List.of("delete"), Sqlite.rows(snapshot.file(), "PRAGMA journal_mode"), "the snapshot is not in WAL mode");
            assertEquals(snapshot.sha256(), new SqliteSnapshotter(tmp, Duration.ofMillis(100)).snapshot(db).sha256(),
                    "the same committed state gives the same bytes, so the replicator skips the upload");
            app.rollback();
        }
    }

    @Test
    void aDatabaseWhoseIndexUsesAnApplicationDefinedCollationIsSnapshotted() throws Exception {
        Path db = work.resolve("t.db");
        Path tmp = Files.createDirectory(work.resolve("tmp"));
        try (Connection app = Sqlite.open(db); Statement sql = app.createStatement()) {
            // Only the application knows this collation: LiteFleet's connections do not have it.
            Collation.create(app, "REVERSE", reverse());
            sql.execute("CREATE TABLE names (name TEXT)");
            sql.execute("CREATE INDEX names_reversed ON names (name COLLATE REVERSE)");
            sql.execute("INSERT INTO names VALUES ('a'), ('b'), ('c')");
        }

        SqliteSnapshotter snapshotter = new SqliteSnapshotter(tmp, Duration.ofMillis(100));
        Snapshot snapshot = snapshotter.snapshot(db);

        assertEquals(List.of("a", "b", "c"), Sqlite.rows(snapshot.file(), "SELECT name FROM names ORDER BY rowid"));
        try (Connection check = Sqlite.open(snapshot.file()); Statement sql = check.createStatement()) {
            Collation.create(check, "REVERSE", reverse());
            try (var result = sql.executeQuery("PRAGMA integrity_check")) {
                result.next();
                assertEquals("ok", result.getString(1), "the snapshot's index, checked with the application's collation");
            }
        }
        assertEquals(Optional.empty(), IntegrityCheck.FULL.problems(snapshot.file()), "restore's check accepts it without the collation");
        assertEquals(snapshot.sha256(), snapshotter.snapshot(db).sha256(), "an unchanged database gives the same snapshot");
    }

    @Test
    void aDatabaseWhoseIndexAndGeneratedColumnUseAnApplicationDefinedFunctionIsSnapshotted() throws Exception {
        Path db = work.resolve("t.db");
        Path tmp = Files.createDirectory(work.resolve("tmp"));
        try (Connection app = Sqlite.open(db); Statement sql = app.createStatement()) {
            Function.create(app, "shout", new Function() {
                @Override
                protected void xFunc() throws java.sql.SQLException {
                    result(value_text(0).toUpperCase(java.util.Locale.ROOT));
                }
            }, 1, Function.FLAG_DETERMINISTIC);
            sql.execute("CREATE TABLE names (name TEXT, loud TEXT GENERATED ALWAYS AS (shout(name)) STORED)");
            sql.execute("CREATE INDEX names_shouted ON names (shout(name))");
            sql.execute("INSERT INTO names (name) VALUES ('a'), ('b')");
        }

        Snapshot snapshot = new SqliteSnapshotter(tmp, Duration.ofMillis(100)).snapshot(db);

        assertEquals(List.of("a|A", "b|B"), Sqlite.rows(snapshot.file(), "SELECT name, loud FROM names ORDER BY rowid"));
        assertEquals(Optional.empty(), IntegrityCheck.FULL.problems(snapshot.file()), "restore's check accepts it without the function");
    }

    @Test
    void aDatabaseWithAHotJournalFromACrashedWriterIsSnapshottedAtItsLastCommitWithoutTouchingIt() throws Exception {
        Path db = work.resolve("t.db");
        Path journal = work.resolve("t.db-journal");
        Path tmp = Files.createDirectory(work.resolve("tmp"));
        Sqlite.execute(db, "CREATE TABLE t (id INTEGER PRIMARY KEY, state TEXT, pad BLOB)",
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
                        + "INSERT INTO t (state, pad) SELECT 'committed', randomblob(500) FROM n");
        String committed = Sqlite.sha256(db);
        CrashedWriter.crashDuring(db, "UPDATE t SET state = 'half-written', pad = randomblob(600)",
                "INSERT INTO t (state, pad) SELECT 'half-written', pad FROM t");
        assertNotEquals(committed, Sqlite.sha256(db), "the crashed transaction wrote into the database file");
        String dbBytes = Sqlite.sha256(db);
        String journalBytes = Sqlite.sha256(journal);
        FileTime dbTime = Files.getLastModifiedTime(db);
        FileTime journalTime = Files.getLastModifiedTime(journal);

        Snapshot snapshot = new SqliteSnapshotter(tmp, Duration.ofSeconds(5)).snapshot(db);

        assertEquals(List.of("2000|committed"), Sqlite.rows(snapshot.file(), "SELECT count(*), group_concat(DISTINCT state) FROM t"));
        assertEquals("ok", Sqlite.integrityCheck(snapshot.file()));
        assertEquals(dbBytes, Sqlite.sha256(db), "the application's database is untouched");
        assertEquals(journalBytes, Sqlite.sha256(journal), "its journal is untouched");
        assertEquals(dbTime, Files.getLastModifiedTime(db));
        assertEquals(journalTime, Files.getLastModifiedTime(journal));
        assertEquals(List.of(snapshot.file()), list(tmp), "the private copy is gone");
    }

    @Test
    void aDatabaseLockedPastTheBusyTimeoutFailsWithSQLitesReasonAndLeavesNothingBehind() throws Exception {
        Path db = work.resolve("t.db");
        Path tmp = Files.createDirectory(work.resolve("tmp"));
        try (Connection app = Sqlite.open(db); Statement sql = app.createStatement()) {
            sql.execute("CREATE TABLE t (x TEXT)");
            sql.execute("BEGIN EXCLUSIVE");
            sql.execute("INSERT INTO t VALUES ('in flight')");

            SnapshotException failure = assertThrows(SnapshotException.class,
                    () -> new SqliteSnapshotter(tmp, Duration.ofMillis(200)).snapshot(db));

            assertTrue(failure.getMessage().contains("database is locked"), failure.getMessage());
            assertEquals(List.of(), list(tmp));
            sql.execute("ROLLBACK");
        }
    }

    private static List<Path> list(Path directory) throws java.io.IOException {
        try (var files = Files.list(directory)) {
            return files.toList();
        }
    }

    private static Collation reverse() {
        return new Collation() {
            @Override
            protected int xCompare(String a, String b) {
                return b.compareTo(a);
            }
        };
    }
}
