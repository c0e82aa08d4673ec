package io.litefleet.encryption;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.litefleet.model.ObjectKeys;
import io.litefleet.sample.SampleFleet;
import io.litefleet.storage.Target;
import io.litefleet.testing.AgeKeys;
import io.litefleet.testing.ReplicatorProcess;
import io.litefleet.testing.Sqlite;
import io.litefleet.testing.TestTarget;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a user does with an encrypted replica, with the tools a user has: keys from
 * {@code age-keygen}, LiteFleet's commands in processes of their own, and the stored objects read by
 * Debian's {@code age} and {@code lz4}, without LiteFleet; and the other way round, an object
 * encrypted by {@code age} restored by LiteFleet.
 */
class AgeInteroperabilityTest {

    private static final String TENANT = "acme/orders/main/t00000";

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(TestTarget.Kind.class)
    void theAgeAndLz4ToolsReadTheReplicaAndRestoreNeedsTheIdentity(TestTarget.Kind kind) throws Exception {
        Path source = SampleFleet.generate(work.resolve("data"), 2, 300).get(0);
        Files.createDirectories(work.resolve("keys"));
        AgeKeys.Pair keys = AgeKeys.keygen(work.resolve("keys/identity.txt"));
        try (TestTarget target = TestTarget.start(kind, work)) {
            Map<String, String> properties = target.properties(Map.of("litefleet.encryption.age-recipients", keys.recipient()));

            Result mistaken = run(target.properties(Map.of("litefleet.encryption.age-recipients", "age1xyz")), "replicate", "--once");
            assertEquals(2, mistaken.exitCode(), mistaken.output());
            assertEquals(1, mistaken.lines().size(), mistaken.output());
            assertTrue(mistaken.lines().get(0).startsWith(
                    "litefleet: invalid configuration: litefleet.encryption.age-recipients: 'age1xyz' is not an age public key"), mistaken.output());

            Result once = run(properties, "replicate", "--once");
            assertEquals(0, once.exitCode(), once.output());

            List<String> snapshots = target.keys().stream().filter(k -> ObjectKeys.parse(k).isPresent()).toList();
            assertEquals(2, snapshots.size(), snapshots.toString());
            assertTrue(snapshots.stream().allMatch(k -> k.endsWith(".db.lz4.age")), snapshots.toString());
            String key = snapshots.stream().filter(k -> k.startsWith(TENANT + "/")).findFirst().orElseThrow();

            // age -d, then lz4 -d: a database, whole
            Path encrypted = work.resolve("download.db.lz4.age");
            try (Target.OpenedObject object = target.store().open(key)) {
                Files.copy(object.content(), encrypted);
            }
            Path frame = work.resolve("download.db.lz4");
            Path database = work.resolve("download.db");
            AgeKeys.run("age", "-d", "-i", keys.identityFile().toString(), "-o", frame.toString(), encrypted.toString());
            AgeKeys.run("lz4", "-d", "-q", frame.toString(), database.toString());
            assertEquals("ok", Sqlite.integrityCheck(database));
            assertEquals(Sqlite.rows(source, "SELECT * FROM items ORDER BY id"), Sqlite.rows(database, "SELECT * FROM items ORDER BY id"));

            // LiteFleet's own restore: with the identity, and refused in one line without it
            Result refused = run(properties, "restore", TENANT, "-o", "out/t.db");
            assertEquals(1, refused.exitCode(), refused.output());
            assertEquals(List.of("litefleet: restore refused: " + key + " is encrypted with age: an identity is needed to restore it (--identity FILE)"),
                    refused.lines());
            AgeKeys.Pair other = AgeKeys.keygen(work.resolve("keys/other.txt"));
            Result wrong = run(properties, "restore", TENANT, "-o", "out/t.db", "--identity", other.identityFile().toString());
            assertEquals(1, wrong.exitCode(), wrong.output());
            assertEquals(List.of("litefleet: restore refused: " + key + ": no identity in " + other.identityFile()
                    + " can decrypt it (it is encrypted to other recipients)"), wrong.lines());
            Path publicOnly = Files.writeString(work.resolve("keys/public.txt"), keys.recipient() + "\n");
            Result notAnIdentity = run(properties, "restore", TENANT, "-o", "out/t.db", "--identity", publicOnly.toString());
            assertEquals(1, notAnIdentity.exitCode(), notAnIdentity.output());
            assertEquals(List.of("litefleet: --identity: " + publicOnly + " line 1 is not an age identity (AGE-SECRET-KEY-1..., as age-keygen "
                    + "writes it; plugin and SSH identities are not supported)"), notAnIdentity.lines());
            Result restored = run(properties, "restore", TENANT, "-o", "out/t.db", "--identity", keys.identityFile().toString());
            assertEquals(0, restored.exitCode(), restored.output());
            assertEquals(Sqlite.rows(source, "SELECT * FROM items ORDER BY id"),
                    Sqlite.rows(work.resolve("out/t.db"), "SELECT * FROM items ORDER BY id"));

            Result plainListing = run(properties, "snapshots", TENANT);
            assertEquals(0, plainListing.exitCode(), plainListing.output());
            assertTrue(plainListing.output().strip().endsWith(key + "  encrypted"), plainListing.output());
            Result listed = run(properties, "snapshots", TENANT, "--identity", keys.identityFile().toString());
            assertEquals(0, listed.exitCode(), listed.output());
            assertEquals(1, listed.lines().size(), listed.output());
            assertTrue(listed.lines().get(0).endsWith(key + "  encrypted, " + keys.identityFile() + " can decrypt it"), listed.output());

            Result all = run(properties, "restore-all", "--to", "all", "--identity", keys.identityFile().toString());
            assertEquals(0, all.exitCode(), all.output());
            assertTrue(all.output().contains("restored 2 of 2 tenants"), all.output());

            // the other way: an LZ4 frame encrypted by the age tool, stored by hand under a later key
            Path byHand = work.resolve("by-hand.db.lz4.age");
            AgeKeys.run("age", "-e", "-r", keys.recipient(), "-o", byHand.toString(), frame.toString());
            String later = TENANT + "/29991231T235959.999Z.db.lz4.age";
            target.store().put(later, Files.readAllBytes(byHand));
            Result handMade = run(properties, "restore", TENANT, "-o", "hand/t.db", "--identity", keys.identityFile().toString());
            assertEquals(0, handMade.exitCode(), handMade.output());
            assertTrue(handMade.output().contains("taken 2999-12-31T23:59:59.999Z"), handMade.output());
            assertEquals("ok", Sqlite.integrityCheck(work.resolve("hand/t.db")));
        }
    }

    record Result(int exitCode, String output) {
        List<String> lines() {
            return output.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private Result run(Map<String, String> properties, String... args) throws Exception {
        Path log = Files.createTempFile(work, "command-", ".log");
        Process process = ReplicatorProcess.start(work, properties, log, new ArrayList<>(), args);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail("still running after 120 s: " + String.join(" ", args) + "\n" + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }
}
