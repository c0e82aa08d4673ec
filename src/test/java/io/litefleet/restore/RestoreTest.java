package io.litefleet.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.litefleet.model.StoredSnapshot;
import io.litefleet.sample.SampleFleet;
import io.litefleet.settings.LiteFleetSettings;
import io.litefleet.storage.S3Target;
import io.litefleet.storage.SnapshotCatalog;
import io.litefleet.storage.Target;
import io.litefleet.testing.DotSegmentBlobStore;
import io.litefleet.testing.HeldDatabase;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.S3Server;
import io.litefleet.testing.Sqlite;
import io.litefleet.testing.TestSettings;
import net.jpountz.lz4.LZ4FrameOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;

/** Restore from a real S3-compatible server: what was replicated comes back, verified, or not at all. */
class RestoreTest {

    private static final String TENANT = "acme/orders/main/t00000";

    @TempDir
    Path work;
    S3Server s3;
    Target store;
    List<String> notes = new ArrayList<>();

    @BeforeEach
    void startS3() throws Exception {
        s3 = S3Server.start();
        store = new S3Target(settings().s3().orElseThrow(), 8);
    }

    @AfterEach
    void stopS3() throws Exception {
        store.close();
        s3.close();
    }

    private LiteFleetSettings settings() throws Exception {
        Map<String, String> p = new java.util.HashMap<>(s3.targetProperties());
        p.put("litefleet.discovery-pattern", work.resolve("data") + "/*/databases/*/branches/*/tenants/*.db");
        return TestSettings.load(p);
    }

    private SnapshotCatalog catalog() {
        return new SnapshotCatalog(store, notes::add);
    }

    @Test
    void aRestoredTenantHasTheRowsOfItsSource() throws Exception {
        Path source = SampleFleet.generate(work.resolve("data"), 1, 300).get(0);
        replicateOnce();

        Path restored = work.resolve("out/t00000.db");
        StoredSnapshot newest = catalog().snapshotsOf(TENANT).get(0);
        new SnapshotRestorer(store).restore(newest, restored, false);

        assertEquals("ok", Sqlite.integrityCheck(restored));
        assertEquals(Sqlite.rows(source, "SELECT sql FROM sqlite_master ORDER BY name"),
                Sqlite.rows(restored, "SELECT sql FROM sqlite_master ORDER BY name"));
        assertEquals(Sqlite.rows(source, "SELECT * FROM items ORDER BY id"), Sqlite.rows(restored, "SELECT * FROM items ORDER BY id"));
    }

    @Test
    void pointInTimeRestoreReturnsExactlyTheStateOfThatMoment() throws Exception {
        Path source = SampleFleet.generate(work.resolve("data"), 1, 0).get(0);
        List<Instant> after = new ArrayList<>();
        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, s3.targetProperties())) {
            for (String state : List.of("first", "second", "third")) {
                Sqlite.execute(source, "INSERT INTO items (name, qty) VALUES ('" + state + "', 1)");
                assertEquals(1, fleet.runCycle().uploaded());
                after.add(Instant.now());
                Thread.sleep(5); // the point: the next snapshot is taken at a later millisecond than this instant
            }
        }
        List<StoredSnapshot> history = catalog().snapshotsOf(TENANT);
        assertEquals(3, history.size());

        for (int i = 0; i < 3; i++) {
            StoredSnapshot chosen = SnapshotCatalog.newestAtOrBefore(history, Optional.of(after.get(i))).orElseThrow();
            Path restored = work.resolve("at-" + i + ".db");
            new SnapshotRestorer(store).restore(chosen, restored, false);
            assertEquals(List.of("first", "second", "third").subList(0, i + 1), Sqlite.rows(restored, "SELECT name FROM items ORDER BY id"));
        }
        assertEquals(Optional.empty(), SnapshotCatalog.newestAtOrBefore(history, Optional.of(history.get(0).takenAt().minusMillis(1))),
                "nothing existed before the first snapshot");
    }

    @Test
    void aSnapshotWithOneFlippedByteIsRefusedAndNoFileIsCreated() throws Exception {
        SampleFleet.generate(work.resolve("data"), 1, 500);
        replicateOnce();
        StoredSnapshot snapshot = catalog().snapshotsOf(TENANT).get(0);
        Map<String, String> metadata = s3.client().headObject(b -> b.bucket(S3Server.BUCKET).key(snapshot.key())).metadata();
        byte[] body = s3.bytes(snapshot.key());
        body[body.length / 2] ^= 0x01;
        s3.client().putObject(b -> b.bucket(S3Server.BUCKET).key(snapshot.key()).metadata(metadata), RequestBody.fromBytes(body));

        Path target = work.resolve("out/t.db");
        RestoreException refused = assertThrows(RestoreException.class, () -> new SnapshotRestorer(store).restore(snapshot, target, false));

        assertTrue(refused.getMessage().startsWith(snapshot.key() + ": "), refused.getMessage());
        assertTrue(refused.getMessage().contains("check failed"), refused.getMessage());
        try (Stream<Path> left = Files.list(target.getParent())) {
            assertEquals(List.of(), left.toList(), "no output file and no temporary file");
        }
    }

    @Test
    void anExistingFileIsReplacedOnlyWithForce() throws Exception {
        Path source = SampleFleet.generate(work.resolve("data"), 1, 20).get(0);
        replicateOnce();
        StoredSnapshot snapshot = catalog().snapshotsOf(TENANT).get(0);
        Path target = Files.writeString(Files.createDirectories(work.resolve("out")).resolve("t.db"), "precious");

        RestoreException refused = assertThrows(RestoreException.class, () -> new SnapshotRestorer(store).restore(snapshot, target, false));
        assertTrue(refused.getMessage().contains("already exists; use --force"), refused.getMessage());
        assertEquals("precious", Files.readString(target));

        new SnapshotRestorer(store).restore(snapshot, target, true);

        assertEquals(Sqlite.rows(source, "SELECT * FROM items"), Sqlite.rows(target, "SELECT * FROM items"));
        try (Stream<Path> left = Files.list(target.getParent())) {
            assertEquals(List.of(target), left.toList(), "renamed into place, no temporary file left");
        }
    }

    @Test
    void aLeftoverWalBesideTheTargetIsRefusedAndWithForceRemovedSoTheSnapshotLandsExactly() throws Exception {
        Path source = SampleFleet.generate(work.resolve("data"), 1, 20).get(0);
        replicateOnce();
        StoredSnapshot snapshot = catalog().snapshotsOf(TENANT).get(0);
        Path target = crashedWalWriter(work.resolve("out/t.db"));

        RestoreException refused = assertThrows(RestoreException.class, () -> new SnapshotRestorer(store).restore(snapshot, target, false));
        assertTrue(refused.getMessage().contains(target + "-wal, " + target + "-shm"), refused.getMessage());
        assertTrue(refused.getMessage().contains("--force"), refused.getMessage());
        assertTrue(Files.exists(companion(target, "-wal")), "nothing removed without --force");

        new SnapshotRestorer(store).restore(snapshot, target, true);

        assertFalse(Files.exists(companion(target, "-wal")) || Files.exists(companion(target, "-shm")), "the stale -wal and -shm are gone");
        assertEquals("ok", Sqlite.integrityCheck(target));
        assertEquals(Sqlite.rows(source, "SELECT * FROM items ORDER BY id"), Sqlite.rows(target, "SELECT * FROM items ORDER BY id"),
                "exactly the snapshot, not the snapshot with the old -wal replayed on top");
    }

    @Test
    void aLeftoverWalWithoutItsDatabaseIsRefusedToo() throws Exception {
        Path source = SampleFleet.generate(work.resolve("data"), 1, 20).get(0);
        replicateOnce();
        StoredSnapshot snapshot = catalog().snapshotsOf(TENANT).get(0);
        Path target = crashedWalWriter(work.resolve("out/t.db"));
        Files.delete(target);

        RestoreException refused = assertThrows(RestoreException.class, () -> new SnapshotRestorer(store).restore(snapshot, target, false));

        assertTrue(refused.getMessage().contains(target + "-wal"), refused.getMessage());
        assertFalse(Files.exists(target), "nothing restored under a stale -wal");
        new SnapshotRestorer(store).restore(snapshot, target, true);
        assertEquals(Sqlite.rows(source, "SELECT * FROM items ORDER BY id"), Sqlite.rows(target, "SELECT * FROM items ORDER BY id"));
    }

    @Test
    void aDatabaseHeldOpenByAnotherProcessIsNotReplacedEvenWithForce() throws Exception {
        SampleFleet.generate(work.resolve("data"), 1, 20);
        replicateOnce();
        StoredSnapshot snapshot = catalog().snapshotsOf(TENANT).get(0);
        Path target = Files.createDirectories(work.resolve("out")).resolve("t.db");
        for (String mode : List.of("DELETE", "WAL")) {
            Files.deleteIfExists(target);
            try (HeldDatabase holder = HeldDatabase.start(target, "PRAGMA journal_mode=" + mode, "CREATE TABLE mine (x)",
                    "INSERT INTO mine VALUES ('in use')")) {

                RestoreException refused = assertThrows(RestoreException.class,
                        () -> new SnapshotRestorer(store).restore(snapshot, target, true));

                assertTrue(refused.getMessage().contains("PID " + holder.pid()), mode + ": " + refused.getMessage());
                assertEquals(1, refused.getMessage().lines().count(), refused.getMessage());
                assertEquals(List.of("in use"), Sqlite.rows(target, "SELECT x FROM mine"), mode + ": left as it was");
                if (mode.equals("WAL")) {
                    assertTrue(Files.exists(companion(target, "-wal")), "a live -wal is never removed");
                }
            }
            assertTrue(noRestoreTemporaryIn(target.getParent()), "no temporary file left");
        }
    }

    @Test
    void sqliteLocksRevealAConnectionOfAProcessThatProcCannotShow() throws Exception {
        // for a restore run by another user than the holder, /proc/<pid>/fd is closed: the locks remain
        Path database = Files.createDirectories(work.resolve("out")).resolve("t.db");
        try (HeldDatabase wal = HeldDatabase.start(database, "PRAGMA journal_mode=WAL", "CREATE TABLE t (x)");
             DatabaseHolders locks = DatabaseHolders.lock(database)) {
            assertFalse(locks.locked(), "an open WAL connection holds the -shm's lock");
        }
        try (DatabaseHolders locks = DatabaseHolders.lock(database)) {
            assertTrue(locks.locked(), "free once it closed");
        }
        Files.delete(database);
        try (HeldDatabase writing = HeldDatabase.start(database, "CREATE TABLE t (x)", "BEGIN IMMEDIATE", "INSERT INTO t VALUES (1)");
             DatabaseHolders locks = DatabaseHolders.lock(database)) {
            assertFalse(locks.locked(), "a rollback-mode writer holds the database's reserved lock");
        }
    }

    @Test
    void forceKeepsTheModeAndOwnerOfTheReplacedFile() throws Exception {
        Path source = SampleFleet.generate(work.resolve("data"), 1, 20).get(0);
        replicateOnce();
        StoredSnapshot snapshot = catalog().snapshotsOf(TENANT).get(0);
        Path target = Files.writeString(Files.createDirectories(work.resolve("out")).resolve("t.db"), "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            Files.setAttribute(target, "unix:uid", 65534);
            Files.setAttribute(target, "unix:gid", 65534);
        }

        new SnapshotRestorer(store).restore(snapshot, target, true);

        assertEquals(Sqlite.rows(source, "SELECT * FROM items"), Sqlite.rows(target, "SELECT * FROM items"));
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        if (root) {
            assertEquals(65534, Files.getAttribute(target, "unix:uid"));
            assertEquals(65534, Files.getAttribute(target, "unix:gid"));
        }
    }

    @Test
    void aTenantNameOf251CharactersReplicatesAndRestores() throws Exception {
        String tenant = "t" + "x".repeat(250);
        Path source = SampleFleet.generate(work.resolve("short"), 1, 20).get(0);
        // Created under a short name and in rollback mode: SQLite cannot make a -journal, -wal or -shm
        // beside a 254-byte name, so such a database is only ever read, never written, by SQLite.
        Sqlite.execute(source, "PRAGMA journal_mode=DELETE");
        Path named = Files.createDirectories(work.resolve("data/acme/databases/orders/branches/main/tenants")).resolve(tenant + ".db");
        Files.move(source, named);
        assertEquals(254, named.getFileName().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length);
        replicateOnce();
        StoredSnapshot snapshot = catalog().snapshotsOf("acme/orders/main/" + tenant).get(0);

        Path restored = Files.createDirectories(work.resolve("out")).resolve(tenant + ".db");
        new SnapshotRestorer(store).restore(snapshot, restored, false);
        LiteFleetSettings settings = settings();
        FleetRestorer.Summary all = new FleetRestorer(catalog(), new SnapshotRestorer(store), settings.pathTemplate(),
                settings.discoveryPattern()).restoreAll("acme", work.resolve("restored"), Optional.empty(), 2, false, quietProgress());

        assertEquals(List.of(), all.failed());
        List<String> rows = Sqlite.rows(named, "SELECT * FROM items ORDER BY id");
        assertEquals(rows, Sqlite.rows(restored, "SELECT * FROM items ORDER BY id"));
        assertEquals(rows, Sqlite.rows(work.resolve("restored").resolve(work.resolve("data").relativize(named)),
                "SELECT * FROM items ORDER BY id"));
        assertTrue(noRestoreTemporaryIn(restored.getParent()), "no temporary file left");
    }

    @Test
    void everyRestoredPathStaysInsideTheTargetDirectoryWhateverTheKeys() throws Exception {
        stopS3();
        s3 = S3Server.start(DotSegmentBlobStore::new);
        store = new S3Target(settings().s3().orElseThrow(), 8);
        Path db = work.resolve("hand.db");
        Sqlite.execute(db, "CREATE TABLE t (x)", "INSERT INTO t VALUES ('hostile')");
        List<String> hostile = List.of("../../../t", "../orders/../t", "acme/../x/../t", "a/../../x/b/c/t");
        for (String prefix : hostile) {
            String key = prefix + "/20261127T051500.123Z.db.lz4";
            s3.putInStore(key, lz4(db));
        }
        assertTrue(s3.keys().containsAll(hostile.stream().map(p -> p + "/20261127T051500.123Z.db.lz4").toList()), s3.keys().toString());
        // an encoded '..' stays inside DIR once normalized, but not where its key says
        String encoded = "acme/%2E%2E/main/t/20261127T051500.123Z.db.lz4";
        s3.putInStore(encoded, lz4(db));
        Path outer = work.resolve("a");
        Path to = Files.createDirectories(outer.resolve("b/c/d/to"));

        LiteFleetSettings settings = settings();
        FleetRestorer.Summary summary = new FleetRestorer(catalog(), new SnapshotRestorer(store), settings.pathTemplate(),
                settings.discoveryPattern()).restoreAll("", to, Optional.empty(), 2, false, quietProgress());

        try (Stream<Path> files = Files.walk(outer)) {
            List<Path> outside = files.filter(f -> !f.startsWith(to) && !to.startsWith(f)).toList();
            assertEquals(List.of(), outside, "no file or directory created outside --to");
        }
        assertEquals(0, summary.restored());
        assertEquals(hostile.size() + 1, summary.failed().size(), summary.failed().toString());
        assertTrue(summary.failed().stream().anyMatch(f -> f.contains(encoded)), summary.failed().toString());
        for (String prefix : hostile) {
            assertTrue(summary.failed().stream().anyMatch(f -> f.startsWith(prefix + " (")), prefix + " named in " + summary.failed());
        }
    }

    /** A WAL database whose writer was killed with commits still only in its -wal. */
    private static Path crashedWalWriter(Path database) throws Exception {
        Files.createDirectories(database.getParent());
        HeldDatabase writer = HeldDatabase.start(database, "PRAGMA journal_mode=WAL", "PRAGMA wal_autocheckpoint=0",
                "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER NOT NULL)",
                "INSERT INTO items (name, qty) VALUES ('stale', -1)");
        writer.kill();
        assertTrue(Files.size(companion(database, "-wal")) > 0, "the commits are only in the -wal");
        return database;
    }

    private static Path companion(Path database, String suffix) {
        return database.resolveSibling(database.getFileName() + suffix);
    }

    private static boolean noRestoreTemporaryIn(Path directory) throws Exception {
        try (Stream<Path> files = Files.list(directory)) {
            return files.noneMatch(f -> f.getFileName().toString().startsWith("."));
        }
    }

    @Test
    void aHandMadeSnapshotWithoutMetadataRestoresAndForeignKeysAreNoted() throws Exception {
        Path db = work.resolve("hand.db");
        Sqlite.execute(db, "CREATE TABLE t (x)", "INSERT INTO t VALUES ('by hand')");
        String key = TENANT + "/20261127T051500.000Z.db.lz4";
        s3.client().putObject(b -> b.bucket(S3Server.BUCKET).key(key), RequestBody.fromBytes(lz4(db)));
        s3.client().putObject(b -> b.bucket(S3Server.BUCKET).key(TENANT + "/README.txt"), RequestBody.fromString("notes"));

        List<StoredSnapshot> snapshots = catalog().snapshotsOf(TENANT);

        assertEquals(List.of(key), snapshots.stream().map(StoredSnapshot::key).toList());
        assertEquals(List.of("ignoring " + TENANT + "/README.txt: not a <tenant>/<yyyyMMddTHHmmss.SSSZ>.db.lz4[.age] snapshot key"), notes);
        Path restored = work.resolve("restored.db");
        new SnapshotRestorer(store).restore(snapshots.get(0), restored, false);
        assertEquals(List.of("by hand"), Sqlite.rows(restored, "SELECT x FROM t"));
    }

    @Test
    void restoreAllBringsBackAHundredTenantsAndNamesTheOneThatFails() throws Exception {
        List<Path> sources = SampleFleet.generate(work.resolve("data"), 100, 30);
        replicateOnce();
        String damaged = "globex/users/main/t00003";
        StoredSnapshot bad = catalog().snapshotsOf(damaged).get(0);
        byte[] body = s3.bytes(bad.key());
        body[body.length - 10] ^= 0x10;
        s3.client().putObject(b -> b.bucket(S3Server.BUCKET).key(bad.key()), RequestBody.fromBytes(body));

        LiteFleetSettings settings = settings();
        FleetRestorer.Summary summary = new FleetRestorer(catalog(), new SnapshotRestorer(store), settings.pathTemplate(),
                settings.discoveryPattern()).restoreAll("", work.resolve("restored"), Optional.empty(), 8, false, quietProgress());

        assertEquals(100, summary.tenants());
        assertEquals(99, summary.restored());
        assertEquals(1, summary.failed().size());
        assertTrue(summary.failed().get(0).startsWith(damaged + " ("), summary.failed().toString());
        for (Path source : sources) {
            Path restored = work.resolve("restored").resolve(work.resolve("data").relativize(source));
            if (source.toString().contains("/globex/databases/users/") && source.getFileName().toString().equals("t00003.db")) {
                assertFalse(Files.exists(restored), "the damaged tenant is not restored");
                continue;
            }
            assertEquals(Sqlite.rows(source, "SELECT * FROM items ORDER BY id"), Sqlite.rows(restored, "SELECT * FROM items ORDER BY id"),
                    restored.toString());
        }
    }

    @Test
    void moreThanAThousandSnapshotsUnderOnePrefixAreAllSeen() throws Exception {
        SampleFleet.generate(work.resolve("data"), 1, 5);
        replicateOnce();
        StoredSnapshot original = catalog().snapshotsOf(TENANT).get(0);
        byte[] body = s3.bytes(original.key());
        Instant base = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 1_049; i++) {
            put(base.plusSeconds(i), RequestBody.fromBytes(body));
        }
        // the one snapshot at base + 1049 s sits on the second page of the listing, and is different
        Path marked = work.resolve("marked.db");
        Sqlite.execute(marked, "CREATE TABLE marker (page INTEGER)", "INSERT INTO marker VALUES (2)");
        put(base.plusSeconds(1_049), RequestBody.fromBytes(lz4(marked)));

        List<StoredSnapshot> history = catalog().snapshotsOf(TENANT);

        assertEquals(1_051, history.size(), "every page of the listing");
        assertEquals(original.key(), history.get(history.size() - 1).key(), "the replicated one is the newest");
        LiteFleetSettings settings = settings();
        FleetRestorer.Summary summary = new FleetRestorer(catalog(), new SnapshotRestorer(store), settings.pathTemplate(),
                settings.discoveryPattern()).restoreAll("acme", work.resolve("restored"), Optional.of(base.plusSeconds(1_050)), 4,
                false, quietProgress());
        assertEquals(1, summary.restored());
        Path restored = work.resolve("restored/acme/databases/orders/branches/main/tenants/t00000.db");
        assertEquals(List.of("2"), Sqlite.rows(restored, "SELECT page FROM marker"), "chosen from the second page");
    }

    private void put(Instant takenAt, RequestBody body) {
        String key = io.litefleet.model.ObjectKeys.snapshotKey(TENANT, takenAt);
        s3.client().putObject(b -> b.bucket(S3Server.BUCKET).key(key), body);
    }

    private static byte[] lz4(Path database) throws Exception {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (OutputStream out = new LZ4FrameOutputStream(bytes)) {
            Files.copy(database, out);
        }
        return bytes.toByteArray();
    }

    private void replicateOnce() throws Exception {
        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, s3.targetProperties())) {
            assertTrue(fleet.runCycle().allReplicated());
        }
    }

    private static RestoreProgress quietProgress() {
        return new RestoreProgress(System.err, false, "tenants");
    }
}
