package io.litefleet.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
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

/** A commit that lives only in the -wal file is replicated: the fingerprint covers the WAL. */
class WalOnlyCommitTest {

    @TempDir
    Path work;

    @Test
    void aCommitThatOnlyReachedTheWalIsInTheNextSnapshot() throws Exception {
        Path db = work.resolve("data/acme/databases/orders/branches/main/tenants/t1.db");
        Files.createDirectories(db.getParent());

        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, Map.of());
             Connection app = Sqlite.open(db); Statement sql = app.createStatement()) {
            sql.execute("PRAGMA journal_mode=WAL");
            sql.execute("PRAGMA wal_autocheckpoint=0");
            sql.execute("CREATE TABLE notes (body TEXT)");
            sql.execute("INSERT INTO notes VALUES ('before')");
            sql.execute("PRAGMA wal_checkpoint(TRUNCATE)");
            Sqlite.settle();
            assertEquals(1, fleet.runCycle().uploaded());
            long size = Files.size(db);
            FileTime modified = Files.getLastModifiedTime(db);

            sql.execute("INSERT INTO notes VALUES ('only in the WAL')");
            assertEquals(size, Files.size(db), "the database file itself is unchanged");
            assertEquals(modified, Files.getLastModifiedTime(db));
            Sqlite.settle();

            CycleReport next = fleet.runCycle();

            assertEquals(1, next.uploaded());
            Path restored = Sqlite.decompress(Files.newInputStream(newest(fleet.replica())), work.resolve("restored.db"));
            assertEquals(List.of("before", "only in the WAL"), Sqlite.rows(restored, "SELECT body FROM notes ORDER BY rowid"));
            assertEquals(0, fleet.runCycle().changed(), "and the snapshot itself is not seen as a change");
        }
    }

    private static Path newest(Path replica) throws Exception {
        try (Stream<Path> files = Files.walk(replica)) {
            return files.filter(p -> p.toString().endsWith(".db.lz4")).max(Path::compareTo).orElseThrow();
        }
    }
}
