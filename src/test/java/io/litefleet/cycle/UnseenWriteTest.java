package io.litefleet.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.litefleet.stats.CycleReport;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Committed writes that leave the database's own size and mtime as they were are still seen: a
 * WAL-only commit to a database that is a symbolic link, and a database replaced (by rename, or
 * rewritten in place) with one of the same size and mtime.
 */
class UnseenWriteTest {

    @TempDir
    Path work;

    @Test
    void aWalOnlyCommitToASymbolicallyLinkedDatabaseIsInTheNextSnapshot() throws Exception {
        // the application's file lives elsewhere, under another name; the fleet directory holds a link to it
        Path real = work.resolve("volumes/ssd1/tenant-one.sqlite");
        Files.createDirectories(real.getParent());
        Path link = work.resolve("data/acme/databases/orders/branches/main/tenants/t1.db");
        Files.createDirectories(link.getParent());
        Files.createSymbolicLink(link, real);

        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, Map.of());
             Connection app = Sqlite.open(link); Statement sql = app.createStatement()) {
            sql.execute("PRAGMA journal_mode=WAL");
            sql.execute("PRAGMA wal_autocheckpoint=0");
            sql.execute("CREATE TABLE notes (body TEXT)");
            sql.execute("INSERT INTO notes VALUES ('before')");
            sql.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            Sqlite.settle();
            assertEquals(1, fleet.runCycle().uploaded());

            sql.execute("INSERT INTO notes VALUES ('only in the WAL')");
            assertTrue(Files.size(real.resolveSibling("tenant-one.sqlite-wal")) > 0, "SQLite keeps the WAL beside the real file");
            assertFalse(Files.exists(link.resolveSibling("t1.db-wal")), "not beside the link");
            Sqlite.settle();

            CycleReport next = fleet.runCycle();

            assertEquals(1, next.uploaded(), "the commit in the WAL beside the real file is seen");
            assertEquals(List.of("before", "only in the WAL"), rows(newest(fleet.replica())));
            assertEquals(0, fleet.runCycle().changed(), "and the snapshot itself is not seen as a change");
        }
    }

    @Test
    void aDatabaseReplacedByRenameWithTheSameSizeAndMtimeIsInTheNextSnapshot() throws Exception {
        Path db = work.resolve("data/acme/databases/orders/branches/main/tenants/t1.db");
        Files.createDirectories(db.getParent());
        Sqlite.execute(db, "CREATE TABLE notes (body TEXT)", "INSERT INTO notes VALUES ('first')");
        Sqlite.settle();

        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, Map.of())) {
            assertEquals(1, fleet.runCycle().uploaded());

            // another database of the same size, given the same mtime, renamed over it (cp -p; mv)
            Path other = db.resolveSibling("incoming.tmp");
            Sqlite.execute(other, "CREATE TABLE notes (body TEXT)", "INSERT INTO notes VALUES ('other')");
            assertEquals(Files.size(db), Files.size(other));
            Files.setLastModifiedTime(other, Files.getLastModifiedTime(db));
            FileTime before = Files.getLastModifiedTime(db);
            Files.move(other, db, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            assertEquals(before, Files.getLastModifiedTime(db), "same size, same mtime");
            Sqlite.settle();

            CycleReport next = fleet.runCycle();

            assertEquals(1, next.uploaded(), "the new file (another inode) is seen");
            assertEquals(List.of("other"), rows(newest(fleet.replica())));
            assertEquals(0, fleet.runCycle().changed());
        }
    }

    @Test
    void aDatabaseRewrittenInPlaceWithItsMtimeSetBackIsInTheNextSnapshot() throws Exception {
        Path db = work.resolve("data/acme/databases/orders/branches/main/tenants/t1.db");
        Files.createDirectories(db.getParent());
        Sqlite.execute(db, "CREATE TABLE notes (body TEXT)", "INSERT INTO notes VALUES ('first')");
        Sqlite.settle();

        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, Map.of())) {
            assertEquals(1, fleet.runCycle().uploaded());

            FileTime before = Files.getLastModifiedTime(db);
            long size = Files.size(db);
            Sqlite.execute(db, "UPDATE notes SET body = 'later'");
            Files.setLastModifiedTime(db, before); // touch -d: the mtime back, the ctime cannot be set back
            assertEquals(size, Files.size(db));
            assertEquals(before, Files.getLastModifiedTime(db));
            Sqlite.settle();

            CycleReport next = fleet.runCycle();

            assertEquals(1, next.uploaded(), "the ctime moved");
            assertEquals(List.of("later"), rows(newest(fleet.replica())));
            assertEquals(0, fleet.runCycle().changed());
        }
    }

    private List<String> rows(Path snapshot) throws Exception {
        Path restored = work.resolve("restored-" + System.nanoTime() + ".db");
        Sqlite.decompress(Files.newInputStream(snapshot), restored);
        assertEquals("ok", Sqlite.integrityCheck(restored));
        return Sqlite.rows(restored, "SELECT body FROM notes ORDER BY rowid");
    }

    private static Path newest(Path replica) throws Exception {
        try (Stream<Path> files = Files.walk(replica)) {
            return files.filter(p -> p.toString().endsWith(".db.lz4")).max(Path::compareTo).orElseThrow();
        }
    }
}
