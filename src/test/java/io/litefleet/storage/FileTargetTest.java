package io.litefleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.litefleet.stats.CycleReport;
import io.litefleet.storage.Target.StoredObject;
import io.litefleet.testing.LogCapture;
import io.litefleet.testing.ReplicatorProcess;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.Sqlite;
import io.litefleet.testing.TmpfsMount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file target under a full disk and after a kill: no partial object, no temporary file left. */
class FileTargetTest {

    private static final String TENANT = "data/acme/databases/orders/branches/main/tenants/t1.db";

    @TempDir
    Path work;

    @Test
    void aFullDiskFailsTheUploadLeavesNoTemporaryFileAndTheNextCycleStoresItOnceThereIsSpace() throws Exception {
        Path replica = work.resolve("replica");
        Path tenant = work.resolve(TENANT);
        Files.createDirectories(tenant.getParent());
        // random bytes: LZ4 cannot shrink them below the 0.5 MB left on the tmpfs
        Sqlite.execute(tenant, "CREATE TABLE b (x BLOB)", "INSERT INTO b VALUES (randomblob(1000000))");

        try (TmpfsMount disk = TmpfsMount.mount(replica, "2m")) {
            Path filler = Files.write(replica.resolve("filler"), new byte[1_500_000]);
            try (LogCapture log = LogCapture.capture(); RunningLiteFleet fleet = RunningLiteFleet.start(work, Map.of())) {
                CycleReport full = fleet.runCycle();

                assertEquals(1, full.failed(), full.toString());
                assertEquals(0, full.uploaded(), full.toString());
                assertEquals(1, log.warningsAbout("No space left on device").size(), log.lines().toString());
                assertEquals(List.of(), files(replica.resolve(FileTarget.TEMPORARY_DIRECTORY)), "no temporary file left");
                assertEquals(List.of(filler), files(replica).stream().filter(f -> !f.startsWith(replica.resolve(".litefleet"))).toList(),
                        "no partial object under the key (the owner marker aside)");

                Files.delete(filler);
                CycleReport freed = fleet.runCycle();

                assertEquals(1, freed.uploaded(), freed.toString());
                List<Path> stored = files(replica.resolve("acme/orders/main/t1"));
                assertEquals(1, stored.size(), stored.toString());
                Path restored = Sqlite.decompress(Files.newInputStream(stored.get(0)), work.resolve("restored.db"));
                assertEquals(Sqlite.rows(tenant, "SELECT hex(x) FROM b"), Sqlite.rows(restored, "SELECT hex(x) FROM b"));
                assertEquals(List.of(), files(replica.resolve(FileTarget.TEMPORARY_DIRECTORY)));
            }
        }
    }

    @Test
    void theUnfinishedObjectOfAKilledProcessIsNeverListedAndIsRemovedAtTheNextStart() throws Exception {
        Path tenant = work.resolve(TENANT);
        Files.createDirectories(tenant.getParent());
        Sqlite.execute(tenant, "CREATE TABLE t (v TEXT)", "INSERT INTO t VALUES ('x')");
        Path leftover = work.resolve("replica").resolve(FileTarget.TEMPORARY_DIRECTORY).resolve("object-1234.tmp");
        Files.createDirectories(leftover.getParent());
        Files.write(leftover, new byte[100]);
        assertEquals(List.of(), snapshots(work.resolve("replica")), "restore never sees it");

        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, Map.of())) {
            assertTrue(Files.notExists(leftover), "swept at start-up");
            assertEquals(1, fleet.runCycle().uploaded());
        }
        assertEquals(List.of(), files(work.resolve("replica").resolve(FileTarget.TEMPORARY_DIRECTORY)));
        assertEquals(1, snapshots(work.resolve("replica")).size());
    }

    /**
     * {@code kill -9} while large objects are written: whatever the kill interrupted stays in the
     * temporary directory, never under a key, and the next run removes it and stores every tenant.
     */
    @Test
    void aHardKillMidWriteLeavesNoPartialObjectAndTheNextRunCleansUp() throws Exception {
        List<Path> tenants = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Path tenant = work.resolve("data/acme/databases/orders/branches/main/tenants/t" + i + ".db");
            Files.createDirectories(tenant.getParent());
            Sqlite.execute(tenant, "CREATE TABLE b (x BLOB)", "INSERT INTO b VALUES (randomblob(8000000))");
            tenants.add(tenant);
        }
        Path unfinished = work.resolve("replica").resolve(FileTarget.TEMPORARY_DIRECTORY);
        List<String> options = List.of("-Dlitefleet.max-concurrent-uploads=2", "-Dlitefleet.state-directory=state");
        Process replicator = ReplicatorProcess.start(work, work.resolve("replicate.log"), options, "replicate");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        // an object just begun: its 8 MB cannot be written, flushed and renamed before the kill lands;
        // polled every millisecond, not at Await's pace, for the few milliseconds that is so
        while (!justBegun(unfinished) && replicator.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(1);
        }
        replicator.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        assertTrue(replicator.waitFor(30, TimeUnit.SECONDS));
        int interrupted = files(unfinished).size();
        assertTrue(interrupted >= 1, "killed mid-write: " + Files.readString(work.resolve("replicate.log")));
        for (StoredObject object : snapshots(work.resolve("replica"))) {
            Path restored = Sqlite.decompress(Files.newInputStream(work.resolve("replica").resolve(object.key())), work.resolve("check.db"));
            assertEquals("ok", Sqlite.integrityCheck(restored), "a complete object under " + object.key());
            Files.delete(restored);
        }

        Process once = ReplicatorProcess.start(work, work.resolve("once.log"), options, "replicate", "--once");
        assertTrue(once.waitFor(180, TimeUnit.SECONDS));
        assertEquals(0, once.exitValue(), Files.readString(work.resolve("once.log")));

        assertEquals(List.of(), files(unfinished), interrupted + " unfinished objects after the kill, none after the restart");
        Set<String> stored = new HashSet<>();
        snapshots(work.resolve("replica")).forEach(o -> stored.add(o.key().substring(0, o.key().lastIndexOf('/'))));
        assertEquals(6, stored.size(), stored.toString());
    }

    /** The stored objects but the owner marker (see {@link OwnerMarker}). */
    private static List<StoredObject> snapshots(Path replica) throws Exception {
        return new FileTarget(replica).list("").stream().filter(o -> !o.key().startsWith(OwnerMarker.RESERVED_PREFIX)).toList();
    }

    private static boolean justBegun(Path unfinished) throws Exception {
        if (Files.notExists(unfinished)) {
            return false;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(unfinished)) {
            for (Path file : files) {
                try {
                    if (Files.size(file) < 1_000_000) {
                        return true;
                    }
                } catch (NoSuchFileException e) {
                    // renamed to its key meanwhile
                }
            }
        }
        return false;
    }

    private static List<Path> files(Path directory) throws Exception {
        if (Files.notExists(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
