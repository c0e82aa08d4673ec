package io.litefleet.encryption;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.litefleet.model.InvalidSettingException;
import io.litefleet.model.StoredSnapshot;
import io.litefleet.restore.FleetRestorer;
import io.litefleet.restore.RestoreException;
import io.litefleet.restore.RestoreProgress;
import io.litefleet.restore.SnapshotRestorer;
import io.litefleet.retention.RetentionPolicy;
import io.litefleet.retention.TargetPruner;
import io.litefleet.sample.SampleFleet;
import io.litefleet.settings.LiteFleetSettings;
import io.litefleet.storage.SnapshotCatalog;
import io.litefleet.storage.Target;
import io.litefleet.testing.AgeKeys;
import io.litefleet.testing.LogCapture;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.Sqlite;
import io.litefleet.testing.TestSettings;
import io.litefleet.testing.TestTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Client-side encryption with age: what is stored is readable only with an identity, which never
 * lives on the replicating host; every command reads encrypted and plain snapshots side by side.
 */
class AgeEncryptionTest {

    private static final String RECIPIENTS = "litefleet.encryption.age-recipients";
    private static final String TENANT = "acme/orders/main/t00000";

    @TempDir
    Path work;

    @Test
    void aMalformedRecipientStopsStartUpInOneLineNamingTheProperty() throws Exception {
        AgeKeys.Pair good = AgeKeys.generate(work.resolve("id.txt"));
        String secret = Files.readAllLines(good.identityFile()).get(2);

        String refused = assertRefused("age1xyz", "'age1xyz' is not an age public key");
        String recipient = good.recipient();
        // its last character changed (to another one: a key ending in q would stay valid), so its checksum fails
        char last = recipient.charAt(recipient.length() - 1);
        assertRefused(recipient + ", " + recipient.substring(0, recipient.length() - 1) + (last == 'q' ? 'p' : 'q'),
                "is not an age public key");
        assertRefused(good.recipient() + ",", "an empty entry");
        assertRefused("keys/none.txt", "cannot read recipients file keys/none.txt");
        Path sshKey = Files.writeString(work.resolve("id_ed25519"), "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n");
        refused = assertRefused(sshKey.toString(), sshKey + " line 1 is not an age public key");
        assertFalse(refused.contains("OPENSSH") || refused.contains("b3BlbnNzaC1rZXktdjEAAAAA"), "a file's content is never repeated: " + refused);
        // an identity where a recipient belongs: refused, and the secret is never repeated
        refused = assertRefused(secret, "is an age identity (a secret key), not a recipient");
        assertFalse(refused.contains(secret.substring(16)), refused);
        Path inAFile = Files.writeString(work.resolve("recipients.txt"), good.recipient() + "\n" + secret.toLowerCase(java.util.Locale.ROOT) + "\n");
        refused = assertRefused(inAFile.toString(), inAFile + " line 2 is an age identity (a secret key), not a recipient");
        assertFalse(refused.toLowerCase(java.util.Locale.ROOT).contains(secret.substring(16).toLowerCase(java.util.Locale.ROOT)), refused);
    }

    private static String assertRefused(String value, String problem) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> TestSettings.load(Map.of(RECIPIENTS, value)));
        assertTrue(e.getMessage().startsWith(RECIPIENTS + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    @Test
    void recipientsComeAsKeysOrFromARecipientsFileLikeAgeMinusR() throws Exception {
        AgeKeys.Pair first = AgeKeys.generate(work.resolve("first.txt"));
        AgeKeys.Pair second = AgeKeys.generate(work.resolve("second.txt"));
        AgeKeys.Pair third = AgeKeys.generate(work.resolve("third.txt"));
        Path file = Files.writeString(work.resolve("recipients.txt"),
                "# backup operators\n" + second.recipient() + "\n\n  " + third.recipient() + "  \n");

        LiteFleetSettings settings = TestSettings.load(Map.of(RECIPIENTS, " " + first.recipient() + " , " + file));

        assertEquals(3, settings.encryption().orElseThrow().count());
        assertTrue(TestSettings.load(Map.of()).encryption().isEmpty(), "off by default");
    }

    @ParameterizedTest
    @EnumSource(TestTarget.Kind.class)
    void anEncryptedSnapshotIsAnAgeFileThatRestoresWithItsIdentityOnly(TestTarget.Kind kind) throws Exception {
        Path source = SampleFleet.generate(work.resolve("data"), 1, 200).get(0);
        AgeKeys.Pair pair = AgeKeys.generate(work.resolve("identity.txt"));
        AgeKeys.Pair other = AgeKeys.generate(work.resolve("other-identity.txt"));
        try (TestTarget target = TestTarget.start(kind, work)) {
            long bytesUploaded;
            try (RunningLiteFleet fleet = RunningLiteFleet.start(work, target.properties(Map.of(RECIPIENTS, pair.recipient())))) {
                assertEquals(1, fleet.runCycle().uploaded());
                bytesUploaded = ((Number) fleet.stats().get("bytes_uploaded")).longValue();
            }

            List<StoredSnapshot> history = catalog(target.store()).snapshotsOf(TENANT);
            assertEquals(1, history.size(), target.keys().toString());
            StoredSnapshot snapshot = history.get(0);
            assertTrue(snapshot.key().endsWith(".db.lz4.age"), snapshot.key());
            assertTrue(snapshot.encrypted());
            byte[] stored;
            try (Target.OpenedObject object = target.store().open(snapshot.key())) {
                stored = object.content().readAllBytes();
            }
            assertEquals(stored.length, snapshot.size().orElseThrow(), "the size listed is the size stored");
            assertEquals(stored.length, bytesUploaded, "/stats counts the bytes stored");
            assertArrayEquals("age-encryption.org/v1\n".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(stored, 22));
            assertArrayEquals(Arrays.copyOf(stored, 300), target.store().head(snapshot.key(), 300), "the first bytes alone");
            AgeIdentities right = AgeIdentities.read(pair.identityFile());
            assertTrue(right.canDecrypt(target.store().head(snapshot.key(), 16 * 1024)));
            assertFalse(AgeIdentities.read(other.identityFile()).canDecrypt(target.store().head(snapshot.key(), 16 * 1024)));

            Path output = work.resolve("out/t00000.db");
            RestoreException withoutIdentity = assertThrows(RestoreException.class,
                    () -> new SnapshotRestorer(target.store(), Optional.empty()).restore(snapshot, output, false));
            assertEquals(snapshot.key() + " is encrypted with age: an identity is needed to restore it (--identity FILE)",
                    withoutIdentity.getMessage());
            RestoreException wrongIdentity = assertThrows(RestoreException.class,
                    () -> new SnapshotRestorer(target.store(), Optional.of(AgeIdentities.read(other.identityFile())))
                            .restore(snapshot, output, false));
            assertEquals(snapshot.key() + ": no identity in " + other.identityFile() + " can decrypt it (it is encrypted to other recipients)",
                    wrongIdentity.getMessage());
            assertFalse(Files.exists(output), "a refused restore writes nothing");
            try (var files = Files.list(output.getParent())) {
                assertEquals(List.of(), files.toList(), "no temporary file left");
            }

            new SnapshotRestorer(target.store(), Optional.of(AgeIdentities.read(pair.identityFile()))).restore(snapshot, output, false);

            assertEquals("ok", Sqlite.integrityCheck(output));
            assertEquals(Sqlite.rows(source, "SELECT * FROM items ORDER BY id"), Sqlite.rows(output, "SELECT * FROM items ORDER BY id"));
        }
    }

    @Test
    void switchingEncryptionOnOrRotatingRecipientsStoresEveryTenantOnceMoreAndRetentionRemovesTheOldSnapshots() throws Exception {
        List<Path> sources = SampleFleet.generate(work.resolve("data"), 3, 20);
        AgeKeys.Pair old = AgeKeys.generate(work.resolve("old.txt"));
        AgeKeys.Pair rotated = AgeKeys.generate(work.resolve("new.txt"));
        Map<String, String> keepLastOnly = Map.of("litefleet.retention.keep-last", "1", "litefleet.retention.keep-hourly", "0",
                "litefleet.retention.keep-daily", "0");
        try (TestTarget target = TestTarget.start(TestTarget.Kind.FILE, work)) {
            try (RunningLiteFleet fleet = RunningLiteFleet.start(work, target.properties(keepLastOnly))) {
                assertEquals(3, fleet.runCycle().uploaded());
            }
            // no database changes from here on
            for (AgeKeys.Pair recipient : List.of(old, rotated)) {
                Map<String, String> encrypted = new java.util.HashMap<>(keepLastOnly);
                encrypted.put(RECIPIENTS, recipient.recipient());
                try (LogCapture logs = LogCapture.capture();
                     RunningLiteFleet fleet = RunningLiteFleet.start(work, target.properties(encrypted))) {
                    assertEquals(3, fleet.runCycle().uploaded(), "every tenant stored again for " + recipient.identityFile().getFileName());
                    assertEquals(0, fleet.runCycle().uploaded(), "once");
                    List<LogCapture.Line> said = logs.warningsAbout("Objects were");
                    assertEquals(1, said.size(), logs.lines().toString());
                    assertTrue(said.get(0).message().contains("each of the 3 databases is stored once more"), said.toString());
                    assertFalse(said.get(0).message().contains("age1"), "no key in the log: " + said);
                }
                try (RunningLiteFleet fleet = RunningLiteFleet.start(work, target.properties(encrypted))) {
                    assertEquals(0, fleet.runCycle().uploaded(), "a restart with the same recipients stores nothing again");
                }
                AgeIdentities identity = AgeIdentities.read(recipient.identityFile());
                for (Path source : sources) {
                    String tenant = work.resolve("data").relativize(source).toString()
                            .replace("/databases/", "/").replace("/branches/", "/").replace("/tenants/", "/").replace(".db", "");
                    List<StoredSnapshot> history = catalog(target.store()).snapshotsOf(tenant);
                    assertEquals(1, history.size(), "retention removed the older snapshot: " + history);
                    assertTrue(identity.canDecrypt(target.store().head(history.get(0).key(), 16 * 1024)), history.toString());
                }
            }
        }
    }

    @Test
    void aFleetEncryptedOnManyThreadsAtOnceRestoresWhole() throws Exception {
        List<Path> sources = SampleFleet.generate(work.resolve("data"), 40, 100);
        AgeKeys.Pair first = AgeKeys.generate(work.resolve("first.txt"));
        AgeKeys.Pair second = AgeKeys.generate(work.resolve("second.txt"));
        try (TestTarget target = TestTarget.start(TestTarget.Kind.FILE, work)) {
            try (RunningLiteFleet fleet = RunningLiteFleet.start(work, target.properties(
                    Map.of(RECIPIENTS, first.recipient() + "," + second.recipient(), "litefleet.max-concurrent-uploads", "40")))) {
                assertEquals(40, fleet.runCycle().uploaded());
            }

            // either recipient's identity opens every object
            FleetRestorer.Summary summary = new FleetRestorer(catalog(target.store()),
                    new SnapshotRestorer(target.store(), Optional.of(AgeIdentities.read(second.identityFile()))),
                    settings(target).pathTemplate(), settings(target).discoveryPattern())
                    .restoreAll("", work.resolve("all"), Optional.empty(), 8, false, new RestoreProgress(System.err, false, "tenants"));

            assertEquals(40, summary.restored(), summary.toString());
            for (Path source : sources) {
                Path restored = work.resolve("all").resolve(work.resolve("data").relativize(source));
                assertEquals(Sqlite.rows(source, "SELECT * FROM items ORDER BY id"), Sqlite.rows(restored, "SELECT * FROM items ORDER BY id"),
                        source.toString());
            }
        }
    }

    @Test
    void aDamagedOrCutEncryptedObjectIsRefusedNamingTheKeyAndTheCheck() throws Exception {
        SampleFleet.generate(work.resolve("data"), 1, 2000);
        AgeKeys.Pair pair = AgeKeys.generate(work.resolve("identity.txt"));
        try (TestTarget target = TestTarget.start(TestTarget.Kind.FILE, work)) {
            try (RunningLiteFleet fleet = RunningLiteFleet.start(work, target.properties(Map.of(RECIPIENTS, pair.recipient())))) {
                assertEquals(1, fleet.runCycle().uploaded());
            }
            StoredSnapshot snapshot = catalog(target.store()).snapshotsOf(TENANT).get(0);
            Path object = work.resolve("replica").resolve(snapshot.key());
            byte[] original = Files.readAllBytes(object);
            SnapshotRestorer restorer = new SnapshotRestorer(target.store(), Optional.of(AgeIdentities.read(pair.identityFile())));
            Path output = work.resolve("out/t.db");

            byte[] flipped = original.clone();
            flipped[flipped.length - 20] ^= 1;
            Files.write(object, flipped);
            RestoreException damaged = assertThrows(RestoreException.class, () -> restorer.restore(snapshot, output, false));
            assertTrue(damaged.getMessage().startsWith(snapshot.key() + ": age payload check failed"), damaged.getMessage());

            Files.write(object, Arrays.copyOf(original, original.length - 100));
            RestoreException cut = assertThrows(RestoreException.class, () -> restorer.restore(snapshot, output, false));
            assertTrue(cut.getMessage().startsWith(snapshot.key() + ": age payload check failed"), cut.getMessage());

            Files.write(object, Arrays.copyOf(original, 30));
            RestoreException header = assertThrows(RestoreException.class, () -> restorer.restore(snapshot, output, false));
            assertTrue(header.getMessage().startsWith(snapshot.key() + ": not a readable age file"), header.getMessage());
            try (var files = Files.list(output.getParent())) {
                assertEquals(List.of(), files.toList(), "nothing written, no temporary file left");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestTarget.Kind.class)
    void afterEncryptionIsSwitchedOnEveryCommandReadsPlainAndEncryptedSnapshots(TestTarget.Kind kind) throws Exception {
        Path source = SampleFleet.generate(work.resolve("data"), 1, 50).get(0);
        AgeKeys.Pair old = AgeKeys.generate(work.resolve("old.txt"));
        AgeKeys.Pair rotated = AgeKeys.generate(work.resolve("new.txt"));
        Path both = Files.writeString(work.resolve("identities.txt"),
                Files.readString(old.identityFile()) + Files.readString(rotated.identityFile()));
        try (TestTarget target = TestTarget.start(kind, work)) {
            try (RunningLiteFleet fleet = RunningLiteFleet.start(work, target.properties(Map.of()))) {
                assertEquals(1, fleet.runCycle().uploaded());
            }
            Instant plainTakenAt = catalog(target.store()).snapshotsOf(TENANT).get(0).takenAt();
            // encryption switched on, then the recipient rotated: the old identity still opens what it encrypted
            for (AgeKeys.Pair recipient : List.of(old, rotated)) {
                Sqlite.execute(source, "INSERT INTO items (name, qty) VALUES ('encrypted for " + recipient.identityFile().getFileName() + "', 1)");
                try (RunningLiteFleet fleet = RunningLiteFleet.start(work, target.properties(Map.of(RECIPIENTS, recipient.recipient())))) {
                    assertEquals(1, fleet.runCycle().uploaded());
                }
            }

            List<StoredSnapshot> history = catalog(target.store()).snapshotsOf(TENANT);
            assertEquals(List.of(false, true, true), history.stream().map(StoredSnapshot::encrypted).toList(), history.toString());

            // the plain snapshot restores without an identity
            Path plain = work.resolve("plain/t.db");
            new SnapshotRestorer(target.store(), Optional.empty())
                    .restore(SnapshotCatalog.newestAtOrBefore(history, Optional.of(plainTakenAt)).orElseThrow(), plain, false);
            assertEquals(List.of("50"), Sqlite.rows(plain, "SELECT count(*) FROM items"));

            // restore-all tries every identity in the file
            FleetRestorer.Summary summary = new FleetRestorer(catalog(target.store()),
                    new SnapshotRestorer(target.store(), Optional.of(AgeIdentities.read(both))),
                    settings(target).pathTemplate(), settings(target).discoveryPattern())
                    .restoreAll("", work.resolve("all"), Optional.empty(), 2, false, new RestoreProgress(System.err, false, "tenants"));
            assertEquals(1, summary.restored(), summary.toString());
            Path restored = work.resolve("all").resolve(work.resolve("data").relativize(source));
            assertEquals(List.of("52"), Sqlite.rows(restored, "SELECT count(*) FROM items"));
            // the older encrypted snapshot needs the old identity, which is in the same file
            Path middle = work.resolve("middle/t.db");
            new SnapshotRestorer(target.store(), Optional.of(AgeIdentities.read(both))).restore(history.get(1), middle, false);
            assertEquals(List.of("51"), Sqlite.rows(middle, "SELECT count(*) FROM items"));

            // restore-all without an identity: the encrypted tenant fails with the reason, naming its key
            FleetRestorer.Summary refused = new FleetRestorer(catalog(target.store()), new SnapshotRestorer(target.store(), Optional.empty()),
                    settings(target).pathTemplate(), settings(target).discoveryPattern())
                    .restoreAll("", work.resolve("refused"), Optional.empty(), 2, false, new RestoreProgress(System.err, false, "tenants"));
            assertEquals(1, refused.failed().size(), refused.toString());
            assertTrue(refused.failed().get(0).contains(history.get(2).key() + " is encrypted with age: an identity is needed"),
                    refused.failed().toString());

            // prune applies the rules across both kinds of key
            List<String> expired = new java.util.ArrayList<>();
            TargetPruner.Summary pruned = new TargetPruner(catalog(target.store()), target.store(), new RetentionPolicy(1, 0, 0, 0))
                    .prune("", false, expired::add);
            assertEquals(3, pruned.snapshots());
            assertEquals(List.of(history.get(0).key(), history.get(1).key()), expired);
            assertEquals(List.of(history.get(2)), catalog(target.store()).snapshotsOf(TENANT));
        }
    }

    private SnapshotCatalog catalog(Target store) {
        return new SnapshotCatalog(store, note -> {
            throw new AssertionError("no key is ignored: " + note);
        });
    }

    private LiteFleetSettings settings(TestTarget target) throws Exception {
        return TestSettings.load(target.properties(Map.of("litefleet.discovery-pattern",
                work.resolve("data") + "/*/databases/*/branches/*/tenants/*.db")));
    }
}
