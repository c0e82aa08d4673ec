package io.litefleet.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import io.litefleet.testing.Sqlite;
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
            app.rollback();
        }
    }
}
