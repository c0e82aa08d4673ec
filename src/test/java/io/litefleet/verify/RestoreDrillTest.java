package io.litefleet.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.litefleet.model.ObjectKeys;
import io.litefleet.restore.SnapshotRestorer;
import io.litefleet.sample.SampleFleet;
import io.litefleet.testing.AgeKeys;
import io.litefleet.testing.Await;
import io.litefleet.testing.LogCapture;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.S3Server;
import io.litefleet.testing.Sqlite;
import io.litefleet.testing.TestTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The running replicator's restore drills, on both target kinds: a snapshot damaged or deleted after it was
 * stored is found by the next drill, logged once and counted, and the next cycle stores that tenant
 * afresh, though it did not change; a target that cannot be read is not taken for damage.
 */
class RestoreDrillTest {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** Drills every half second, so a test sees several. */
    private static final Map<String, String> DRILLS = Map.of("litefleet.verify.interval", "500ms");

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(TestTarget.Kind.class)
    void aDamagedOrMissingSnapshotIsFoundOnceCountedAndStoredAfresh(TestTarget.Kind kind) throws Exception {
        List<Path> tenants = SampleFleet.generate(work.resolve("data"), 3, 20);
        try (TestTarget target = TestTarget.start(kind, work); LogCapture log = LogCapture.capture();
             RunningLiteFleet fleet = RunningLiteFleet.start(work, target.properties(DRILLS))) {
            assertEquals(3, fleet.runCycle().uploaded());
            Await.until(WAIT, "a drill checks the three snapshots", () -> verify(fleet, "checked") >= 3);
            assertEquals(0, verify(fleet, "failed"), "sound snapshots are sound");
            String first = newestKey(target, tenants.get(0));
            Map<?, ?> tenant = new ObjectMapper().readValue(fleet.get("/stats/" + first.substring(0, first.lastIndexOf('/'))).body(), Map.class);
            assertNotNull(((Map<?, ?>) ((Map<?, ?>) tenant.get("targets")).get(kind.id())).get("verified_at"),
                    "when it was checked is in the state: " + tenant);

            String damaged = newestKey(target, tenants.get(0));
            byte[] bytes = target.bytes(damaged);
            bytes[bytes.length / 2] ^= 1;
            target.overwrite(damaged, bytes, target.metadata(damaged));
            // as a lifecycle rule or an operator would
            String deleted = newestKey(target, tenants.get(1));
            target.store().delete(List.of(deleted));

            Await.until(WAIT, "a drill finds both", () -> verify(fleet, "failed") == 2);
            @SuppressWarnings("unchecked")
            Map<String, Object> failure = (Map<String, Object>) verifyStats(fleet).get("last_failure");
            assertTrue(List.of(damaged, deleted).contains(failure.get("key")), failure.toString());
            assertEquals(kind.id(), failure.get("target"));
            long runs = verify(fleet, "runs");
            Await.until(WAIT, "two more drills", () -> verify(fleet, "runs") >= runs + 2);
            assertEquals(2, verify(fleet, "failed"), "a damaged snapshot waiting for its fresh one is not checked again");
            assertEquals(1, log.warningsAbout(damaged).size(), log.lines().toString());
            assertTrue(log.warningsAbout(damaged).get(0).message().contains("is damaged: LZ4 frame check failed"), log.lines().toString());
            assertEquals(1, log.warningsAbout(deleted).size(), log.lines().toString());
            assertTrue(log.warningsAbout(deleted).get(0).message().contains("is damaged: the object is missing"), log.lines().toString());
            String metrics = fleet.get("/observe/metrics").body();
            assertTrue(metrics.contains("litefleet_verify_failed_total 2.0"), metrics);

            assertEquals(2, fleet.runCycle().uploaded(), "both tenants are stored afresh, though they did not change");
            assertNotEquals(deleted, newestKey(target, tenants.get(1)));
            String fresh = newestKey(target, tenants.get(0));
            assertNotEquals(damaged, fresh);
            Path restored = work.resolve("restored.db");
            new SnapshotRestorer(target.store()).restore(ObjectKeys.parse(fresh).orElseThrow(), restored, false);
            assertEquals(Sqlite.rows(tenants.get(0), "SELECT * FROM items ORDER BY id"), Sqlite.rows(restored, "SELECT * FROM items ORDER BY id"));
            assertTrue(target.keys().contains(damaged), "the damaged object stays until retention removes it");

            long checked = verify(fleet, "checked");
            Await.until(WAIT, "a drill checks the fresh snapshot", () -> verify(fleet, "checked") >= checked + 3);
            assertEquals(2, verify(fleet, "failed"));
            assertEquals(0, fleet.runCycle().uploaded(), "healed: nothing more to store");
        }
    }

    @Test
    void aTargetThatCannotBeReadIsNotTakenForDamage() throws Exception {
        SampleFleet.generate(work.resolve("data"), 3, 20);
        try (S3Server s3 = S3Server.start(); LogCapture log = LogCapture.capture();
             RunningLiteFleet fleet = RunningLiteFleet.start(work, withDrills(s3.targetProperties()))) {
            assertEquals(3, fleet.runCycle().uploaded());
            Await.until(WAIT, "a sound drill", () -> verify(fleet, "runs") >= 1);
            s3.stop();
            Await.until(WAIT, "a drill that cannot read S3", () -> !log.warningsAbout("Restore drill on s3 stopped").isEmpty());
            s3.restart();
            assertEquals(0, verify(fleet, "failed"));
            assertEquals(0, fleet.runCycle().uploaded(), "nothing was marked for a fresh snapshot");
        }
    }

    /** The drill's own scratch space failing (a full disk) says nothing of the snapshots. */
    @Test
    void aScratchDirectoryThatCannotBeWrittenIsNotTakenForDamage() throws Exception {
        SampleFleet.generate(work.resolve("data"), 3, 20);
        try (LogCapture log = LogCapture.capture();
             RunningLiteFleet fleet = RunningLiteFleet.start(work, withDrills(Map.of("litefleet.file.directory", work.resolve("replica").toString())))) {
            assertEquals(3, fleet.runCycle().uploaded());
            Await.until(WAIT, "a sound drill", () -> verify(fleet, "runs") >= 1);
            // the disk of the temporary directory is full: each scratch file the drill writes next is /dev/full
            for (int i = 1; i <= 1000; i++) {
                Path scratch = fleet.temporaryDirectory().resolve(SnapshotCheck.TEMPORARY_PREFIX + i + ".db");
                if (!java.nio.file.Files.exists(scratch, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    java.nio.file.Files.createSymbolicLink(scratch, Path.of("/dev/full"));
                }
            }
            Await.until(WAIT, "a drill that cannot write its scratch files", () -> verify(fleet, "failed") > 0
                    || !log.warningsAbout("Restore drill on file stopped").isEmpty());
            assertEquals(0, verify(fleet, "failed"), log.lines().toString());
            assertEquals(0, fleet.runCycle().uploaded(), "nothing was marked for a fresh snapshot");
        }
    }

    /** A file target's directory gone as a whole (an unmounted share) is an outage, not every object deleted. */
    @Test
    void aFileTargetWhoseDirectoryIsGoneIsNotTakenForDamage() throws Exception {
        SampleFleet.generate(work.resolve("data"), 3, 20);
        Path replica = work.resolve("replica");
        try (LogCapture log = LogCapture.capture();
             RunningLiteFleet fleet = RunningLiteFleet.start(work, withDrills(Map.of("litefleet.file.directory", replica.toString())))) {
            assertEquals(3, fleet.runCycle().uploaded());
            Await.until(WAIT, "a sound drill", () -> verify(fleet, "runs") >= 1);
            java.nio.file.Files.move(replica, work.resolve("unmounted"));
            Await.until(WAIT, "a drill that cannot read the target", () -> verify(fleet, "failed") > 0
                    || !log.warningsAbout("Restore drill on file stopped").isEmpty());
            assertEquals(0, verify(fleet, "failed"), log.lines().toString());
            java.nio.file.Files.move(work.resolve("unmounted"), replica);
            assertEquals(0, fleet.runCycle().uploaded(), "nothing was marked for a fresh snapshot");
        }
    }

    /** An identity that opens none of the snapshots is a wrong setting, not 600 damaged snapshots an hour. */
    @Test
    void aWrongIdentityIsNotTakenForDamage() throws Exception {
        SampleFleet.generate(work.resolve("data"), 2, 20);
        AgeKeys.Pair key = AgeKeys.generate(work.resolve("identity.txt"));
        AgeKeys.Pair other = AgeKeys.generate(work.resolve("other.txt"));
        Map<String, String> properties = new java.util.HashMap<>(withDrills(Map.of("litefleet.encryption.age-recipients", key.recipient(),
                "litefleet.file.directory", work.resolve("replica").toString())));
        properties.put("litefleet.verify.age-identity", other.identityFile().toString());
        try (LogCapture log = LogCapture.capture(); RunningLiteFleet fleet = RunningLiteFleet.start(work, properties)) {
            assertEquals(2, fleet.runCycle().uploaded());
            Await.until(WAIT, "a drill with the wrong identity, or one line why there is none", () -> verify(fleet, "failed") > 0
                    || !log.warningsAbout("No restore drills: litefleet.verify.age-identity " + other.identityFile()).isEmpty());
            assertEquals(0, verify(fleet, "failed"), log.lines().toString());
            assertTrue(fleet.app().context().getRoutes().stream().noneMatch(r -> r.getRouteId().startsWith("verify-")));
            assertEquals(0, fleet.runCycle().uploaded(), "nothing was marked for a fresh snapshot");
        }
    }

    /**
     * One object that cannot be read for good (moved to an archive storage class by a lifecycle rule,
     * a key the replicator may not use) must not stop every later drill before it reaches the others.
     */
    @Test
    void oneUnreadableObjectDoesNotStopEveryDrill() throws Exception {
        List<Path> tenants = SampleFleet.generate(work.resolve("data"), 3, 20);
        Map<String, String> properties = new java.util.HashMap<>(withDrills(Map.of("litefleet.file.directory", work.resolve("replica").toString())));
        properties.put("litefleet.verify.parallelism", "1");
        try (TestTarget target = TestTarget.start(TestTarget.Kind.FILE, work); LogCapture log = LogCapture.capture();
             RunningLiteFleet fleet = RunningLiteFleet.start(work, properties)) {
            assertEquals(3, fleet.runCycle().uploaded());
            Await.until(WAIT, "a drill checks the three", () -> verify(fleet, "checked") >= 3);
            // the first checked is the next drill's first: it cannot be read any more
            Path unreadable = null;
            String oldest = null;
            List<Path> objects = new java.util.ArrayList<>();
            for (Path tenant : tenants) {
                String key = newestKey(target, tenant);
                objects.add(work.resolve("replica").resolve(key));
                Map<?, ?> stats = new ObjectMapper().readValue(fleet.get("/stats/" + key.substring(0, key.lastIndexOf('/'))).body(), Map.class);
                String verifiedAt = (String) ((Map<?, ?>) ((Map<?, ?>) stats.get("targets")).get("file")).get("verified_at");
                if (oldest == null || verifiedAt.compareTo(oldest) < 0) {
                    oldest = verifiedAt;
                    unreadable = work.resolve("replica").resolve(key);
                }
            }
            java.nio.file.Files.delete(unreadable);
            java.nio.file.Files.createDirectory(unreadable);
            for (Path object : objects) {
                if (!object.equals(unreadable)) {
                    byte[] bytes = java.nio.file.Files.readAllBytes(object);
                    bytes[bytes.length / 2] ^= 1;
                    java.nio.file.Files.write(object, bytes);
                }
            }
            // a drill that began before the changes may check the first one while it can still be read,
            // which sends it to the back of the queue: it comes round again after the other two
            Await.until(WAIT, "later drills find the two damaged snapshots and the unreadable one",
                    () -> verify(fleet, "failed") == 2 && verify(fleet, "unreadable") >= 1);
            assertTrue(log.warningsAbout("cannot read " + work.resolve("replica").relativize(unreadable)).size() >= 1,
                    log.lines().toString());
        }
    }

    @Test
    void encryptedSnapshotsAreCheckedWithTheIdentityAndOnlyThen() throws Exception {
        List<Path> tenants = SampleFleet.generate(work.resolve("data"), 2, 20);
        AgeKeys.Pair key = AgeKeys.generate(work.resolve("identity.txt"));
        Map<String, String> encrypted = Map.of("litefleet.encryption.age-recipients", key.recipient(),
                "litefleet.file.directory", work.resolve("replica").toString());
        try (LogCapture log = LogCapture.capture(); RunningLiteFleet fleet = RunningLiteFleet.start(work, withDrills(encrypted))) {
            assertEquals(2, fleet.runCycle().uploaded());
            assertTrue(log.lines().stream().anyMatch(l -> l.message().startsWith("No restore drills: the snapshots are encrypted")),
                    log.lines().toString());
            assertTrue(fleet.app().context().getRoutes().stream().noneMatch(r -> r.getRouteId().startsWith("verify-")));
        }
        Map<String, String> withIdentity = new java.util.HashMap<>(withDrills(encrypted));
        withIdentity.put("litefleet.verify.age-identity", key.identityFile().toString());
        try (TestTarget target = TestTarget.start(TestTarget.Kind.FILE, work);
             RunningLiteFleet fleet = RunningLiteFleet.start(work, withIdentity)) {
            Await.until(WAIT, "a drill opens and checks both", () -> verify(fleet, "checked") >= 2);
            assertEquals(0, verify(fleet, "failed"));
            String damaged = target.keys().stream().filter(k -> k.contains("/" + tenantName(tenants.get(1)) + "/")).findFirst().orElseThrow();
            byte[] bytes = target.bytes(damaged);
            bytes[bytes.length - 20] ^= 1;
            target.overwrite(damaged, bytes, Map.of());
            Await.until(WAIT, "a drill finds the flipped byte in the ciphertext", () -> verify(fleet, "failed") == 1);
            assertEquals(damaged, ((Map<?, ?>) verifyStats(fleet).get("last_failure")).get("key"));
        }
    }

    private static String tenantName(Path database) {
        return database.getFileName().toString().replaceFirst("\\.db$", "");
    }

    private static Map<String, String> withDrills(Map<String, String> properties) {
        Map<String, String> all = new java.util.HashMap<>(properties);
        all.putAll(DRILLS);
        return all;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> verifyStats(RunningLiteFleet fleet) throws Exception {
        return (Map<String, Object>) fleet.stats().get("verify");
    }

    private static long verify(RunningLiteFleet fleet, String counter) throws Exception {
        return ((Number) verifyStats(fleet).get(counter)).longValue();
    }

    /** The newest key of the tenant whose database is {@code database} (keys sort by time). */
    private static String newestKey(TestTarget target, Path database) throws Exception {
        String tenant = tenantName(database);
        return target.keys().stream().filter(k -> k.contains("/" + tenant + "/") && k.endsWith(".db.lz4")).sorted()
                .reduce((a, b) -> b).orElseThrow();
    }

}
