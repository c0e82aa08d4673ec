package io.litefleet.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;

import io.litefleet.model.StoredSnapshot;
import io.litefleet.restore.SnapshotRestorer;
import io.litefleet.stats.CycleReport;
import io.litefleet.storage.FileTarget;
import io.litefleet.storage.SnapshotCatalog;
import io.litefleet.testing.CrashedWriter;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.Collation;

/**
 * Databases that SQLite itself considers sound are replicated and restore, whatever their schema
 * needs and whatever state a crashed writer left them in.
 */
class EverySoundDatabaseTest {

    @TempDir
    Path work;

    @Test
    void aDatabaseWithAnApplicationCollationAndOneWithAHotJournalAreReplicatedAndRestoreTheirCommittedState() throws Exception {
        Path tenants = Files.createDirectories(work.resolve("data/acme/databases/orders/branches/main/tenants"));
        Path collated = tenants.resolve("collated.db");
        try (Connection app = Sqlite.open(collated); Statement sql = app.createStatement()) {
            Collation.create(app, "NOCASE_REVERSE", new Collation() {
                @Override
                protected int xCompare(String a, String b) {
                    return b.compareToIgnoreCase(a);
                }
            });
            sql.execute("CREATE TABLE names (name TEXT)");
            sql.execute("CREATE INDEX names_by_app_order ON names (name COLLATE NOCASE_REVERSE)");
            sql.execute("INSERT INTO names VALUES ('Ada'), ('bob'), ('Cy')");
        }
        Path crashed = tenants.resolve("crashed.db");
        Sqlite.execute(crashed, "CREATE TABLE t (id INTEGER PRIMARY KEY, state TEXT, pad BLOB)",
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
                        + "INSERT INTO t (state, pad) SELECT 'committed', randomblob(500) FROM n");
        CrashedWriter.crashDuring(crashed, "UPDATE t SET state = 'half-written', pad = randomblob(700)");
        String crashedBytes = Sqlite.sha256(crashed);

        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, Map.of())) {
            CycleReport report = fleet.runCycle();
            assertEquals(2, report.uploaded(), report.summary());
            assertTrue(report.allReplicated(), report.summary());
            try (var left = Files.list(fleet.temporaryDirectory())) {
                assertEquals(List.of(), left.toList(), "no temporary file or private copy left");
            }
        }
        assertEquals(crashedBytes, Sqlite.sha256(crashed), "the crashed database is only read");

        FileTarget store = new FileTarget(work.resolve("replica"));
        SnapshotCatalog catalog = new SnapshotCatalog(store, note -> { });
        Path restoredCollated = restore(store, catalog, "acme/orders/main/collated");
        assertEquals(List.of("Ada", "bob", "Cy"), Sqlite.rows(restoredCollated, "SELECT name FROM names ORDER BY rowid"));
        Path restoredCrashed = restore(store, catalog, "acme/orders/main/crashed");
        assertEquals(List.of("1000|committed"), Sqlite.rows(restoredCrashed, "SELECT count(*), group_concat(DISTINCT state) FROM t"));
        assertEquals("ok", Sqlite.integrityCheck(restoredCrashed));
    }

    private Path restore(FileTarget store, SnapshotCatalog catalog, String tenant) throws Exception {
        List<StoredSnapshot> snapshots = catalog.snapshotsOf(tenant);
        assertEquals(1, snapshots.size(), tenant);
        Path restored = work.resolve("restored/" + tenant.replace('/', '-') + ".db");
        Files.createDirectories(restored.getParent());
        new SnapshotRestorer(store).restore(snapshots.get(0), restored, false);
        return restored;
    }
}
