package io.litefleet.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import io.litefleet.testing.Sqlite;
import org.sqlite.Collation;
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
