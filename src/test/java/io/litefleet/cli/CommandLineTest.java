package io.litefleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.litefleet.testing.FreePort;
import io.litefleet.testing.HeldDatabase;
import io.litefleet.testing.S3Server;
import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as an operator runs it: a separate JVM, its exit code and what it prints. */
class CommandLineTest {

    @TempDir
    Path work;

    record Result(int exitCode, String stdout, String stderr) {
        List<String> errorLines() {
            return stderr.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    @Test
    void generateThenReplicateOnceExitsZeroWithASummary() throws Exception {
        Result generated = run(List.of(), "generate", "--root", "data", "--tenants", "10");
        assertEquals(0, generated.exitCode(), generated.stderr());
        try (Stream<Path> dbs = Files.walk(work.resolve("data"))) {
            assertEquals(10, dbs.filter(p -> p.toString().endsWith(".db")).count());
        }

        Result once = run(List.of(), "replicate", "--once");

        assertEquals(0, once.exitCode(), once.stdout() + once.stderr());
        assertTrue(once.stdout().contains("replicated: 10 databases, 10 changed, 10 uploaded, 0 failed"), once.stdout());
        try (Stream<Path> objects = Files.walk(work.resolve("replica"))) {
            assertEquals(10, objects.filter(p -> p.toString().endsWith(".db.lz4")).count());
        }
    }

    @Test
    void replicateOnceExitsOneWhenUploadsFail() throws Exception {
        run(List.of(), "generate", "--root", "data", "--tenants", "3");
        List<String> s3 = new ArrayList<>();
        try (S3Server server = S3Server.start()) {
            server.targetProperties().forEach((k, v) -> s3.add("-D" + k + "=" + v));
            server.stop();

            Result once = run(s3, "replicate", "--once");

            assertEquals(1, once.exitCode(), once.stdout() + once.stderr());
            assertTrue(once.stdout().contains("incomplete: 3 databases, 3 changed, 0 uploaded, 3 failed"), once.stdout());
            assertTrue(!once.stdout().contains(S3Server.SECRET_KEY) && !once.stderr().contains(S3Server.SECRET_KEY),
                    "the secret key is never printed");
        }
    }

    @Test
    void aConfigurationMistakeStopsStartUpWithOneLineNamingTheProperty() throws Exception {
        Map<String, String> mistakes = Map.of(
                "-Dlitefleet.target=gcs", "litefleet.target: 'gcs' is not a target",
                "-Dlitefleet.target=s3", "litefleet.s3.bucket: must be set when litefleet.target=s3",
                "-Dlitefleet.sync-interval=soon", "litefleet.sync-interval: 'soon' is not a duration",
                "-Dlitefleet.discovery-pattern=data/tenants.db", "litefleet.discovery-pattern: 'data/tenants.db' has no * wildcard",
                "-Dlitefleet.path-template={{project}}/{{database}}/{{branch}}-{{tenant}}", "litefleet.path-template: "
                        + "'{{project}}/{{database}}/{{branch}}-{{tenant}}' puts {{branch}} and {{tenant}} in one segment");
        for (Map.Entry<String, String> mistake : mistakes.entrySet()) {
            Result result = run(List.of(mistake.getKey()), "replicate", "--once");

            assertEquals(2, result.exitCode(), mistake.getKey());
            assertEquals(1, result.errorLines().size(), result.stderr());
            assertTrue(result.errorLines().get(0).startsWith("litefleet: invalid configuration: " + mistake.getValue()),
                    result.errorLines().get(0));
            assertTrue(Stream.of(result.stdout(), result.stderr()).noneMatch(s -> s.contains("\tat ")), "no stack trace");
        }
    }

    @Test
    void snapshotsRestoreAndRestoreAllFromTheFileTarget() throws Exception {
        run(List.of(), "generate", "--root", "data", "--tenants", "6");
        assertEquals(0, run(List.of(), "replicate", "--once").exitCode());
        String tenant = "acme/orders/main/t00000";
        Path source = work.resolve("data/acme/databases/orders/branches/main/tenants/t00000.db");

        Result listing = run(List.of(), "snapshots", tenant);
        assertEquals(0, listing.exitCode(), listing.stderr());
        List<String> lines = listing.stdout().lines().filter(l -> l.contains(".db.lz4")).toList();
        assertEquals(1, lines.size(), listing.stdout());
        assertTrue(lines.get(0).matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z +\\d+  " + tenant + "/\\d{8}T\\d{6}\\.\\d{3}Z\\.db\\.lz4"), lines.get(0));
        Result none = run(List.of(), "snapshots", "acme/orders/main/nobody");
        assertEquals(1, none.exitCode());
        assertTrue(none.stderr().contains("no snapshots of acme/orders/main/nobody"), none.stderr());

        Result restored = run(List.of(), "restore", tenant, "-o", "out/t.db");
        assertEquals(0, restored.exitCode(), restored.stderr());
        assertEquals(Sqlite.rows(source, "SELECT * FROM items"), Sqlite.rows(work.resolve("out/t.db"), "SELECT * FROM items"));
        Result again = run(List.of(), "restore", tenant, "-o", "out/t.db");
        assertEquals(1, again.exitCode());
        assertTrue(again.stderr().contains("already exists; use --force"), again.stderr());
        Result tooEarly = run(List.of(), "restore", tenant, "-o", "out/early.db", "--at", "2020-01-01T00:00:00Z");
        assertEquals(1, tooEarly.exitCode());
        assertTrue(tooEarly.stderr().contains("no snapshot of " + tenant + " at or before 2020-01-01T00:00:00Z"), tooEarly.stderr());
        assertTrue(Files.notExists(work.resolve("out/early.db")));

        Result all = run(List.of(), "restore-all", "--to", "restored");
        assertEquals(0, all.exitCode(), all.stderr());
        assertTrue(all.stdout().contains("restored 6 of 6 tenants"), all.stdout());
        assertEquals(Sqlite.rows(source, "SELECT * FROM items"),
                Sqlite.rows(work.resolve("restored/acme/databases/orders/branches/main/tenants/t00000.db"), "SELECT * FROM items"));

        Path object;
        try (Stream<Path> objects = Files.walk(work.resolve("replica/globex"))) {
            object = objects.filter(p -> p.toString().endsWith(".db.lz4")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(object);
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(object, bytes);
        Result damaged = run(List.of(), "restore-all", "globex", "--to", "restored-again");
        assertEquals(1, damaged.exitCode());
        String damagedTenant = work.resolve("replica").relativize(object.getParent()).toString();
        assertTrue(damaged.stderr().contains("FAILED " + damagedTenant + " ("), damaged.stderr());
        assertTrue(damaged.stdout().contains("restored 2 of 3 tenants"), damaged.stdout());
    }

    @Test
    void theCommandsTakeAndShowTenantsByTheirNamesWhateverTheKeysEncode() throws Exception {
        Path tenants = work.resolve("data/acme/databases/orders/branches/main/tenants");
        Files.createDirectories(tenants);
        for (String name : List.of("..", "a\\b")) {
            Sqlite.execute(tenants.resolve(name + ".db"), "CREATE TABLE t (v TEXT)", "INSERT INTO t VALUES ('" + name + "')");
        }
        assertEquals(0, run(List.of(), "replicate", "--once").exitCode());

        Result listing = run(List.of(), "snapshots", "acme/orders/main/..");
        assertEquals(0, listing.exitCode(), listing.stderr());
        assertTrue(listing.stdout().contains("  acme/orders/main/%2E%2E/"), listing.stdout());
        Result restored = run(List.of(), "restore", "acme/orders/main/a\\b", "-o", "out.db");
        assertEquals(0, restored.exitCode(), restored.stderr());
        assertTrue(restored.stdout().startsWith("restored acme/orders/main/a\\b (taken "), restored.stdout());
        assertEquals(List.of("a\\b"), Sqlite.rows(work.resolve("out.db"), "SELECT v FROM t"));
    }

    @Test
    void restoreAllReplacesExistingDatabasesOnlyWithForceNamingEachRefusedFile() throws Exception {
        run(List.of(), "generate", "--root", "data", "--tenants", "3");
        assertEquals(0, run(List.of(), "replicate", "--once").exitCode());
        assertEquals(0, run(List.of(), "restore-all", "--to", "restored").exitCode());
        Path precious = work.resolve("restored/acme/databases/orders/branches/main/tenants/t00000.db");
        Files.writeString(precious, "precious");

        Result refused = run(List.of(), "restore-all", "--to", "restored");

        assertEquals(1, refused.exitCode(), refused.stdout() + refused.stderr());
        assertEquals("precious", Files.readString(precious), "not overwritten");
        List<String> failed = refused.errorLines().stream().filter(l -> l.startsWith("FAILED ")).toList();
        assertEquals(3, failed.size(), refused.stderr());
        assertTrue(failed.stream().allMatch(l -> l.contains("already exists; use --force")), refused.stderr());
        assertTrue(failed.stream().anyMatch(l -> l.contains(precious.toString()) || l.contains("restored/acme/databases/orders/branches/main/tenants/t00000.db")),
                refused.stderr());

        Result forced = run(List.of(), "restore-all", "--to", "restored", "--force");
        assertEquals(0, forced.exitCode(), forced.stderr());
        assertEquals(Sqlite.rows(work.resolve("data/acme/databases/orders/branches/main/tenants/t00000.db"), "SELECT * FROM items"),
                Sqlite.rows(precious, "SELECT * FROM items"));
    }

    @Test
    void restoreRefusesALeftoverWalAndADatabaseInUseInOneLine() throws Exception {
        run(List.of(), "generate", "--root", "data", "--tenants", "1");
        assertEquals(0, run(List.of(), "replicate", "--once").exitCode());
        String tenant = "acme/orders/main/t00000";
        Path target = Files.createDirectories(work.resolve("out")).resolve("t.db");
        HeldDatabase writer = HeldDatabase.start(target, "PRAGMA journal_mode=WAL", "PRAGMA wal_autocheckpoint=0",
                "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER NOT NULL)",
                "INSERT INTO items (name, qty) VALUES ('stale', -1)");
        writer.kill();

        Result leftover = run(List.of(), "restore", tenant, "-o", "out/t.db");
        assertEquals(1, leftover.exitCode());
        assertEquals(1, leftover.errorLines().size(), leftover.stderr());
        assertTrue(leftover.errorLines().get(0).matches("litefleet: restore refused: .*out/t\\.db-wal.*--force.*"), leftover.stderr());

        try (HeldDatabase holder = HeldDatabase.start(target, "SELECT count(*) FROM items")) {
            Result inUse = run(List.of(), "restore", tenant, "-o", "out/t.db", "--force");
            assertEquals(1, inUse.exitCode());
            assertEquals(1, inUse.errorLines().size(), inUse.stderr());
            assertTrue(inUse.errorLines().get(0).contains("PID " + holder.pid()), inUse.stderr());
        }

        Result forced = run(List.of(), "restore", tenant, "-o", "out/t.db", "--force");
        assertEquals(0, forced.exitCode(), forced.stderr());
        assertEquals(Sqlite.rows(work.resolve("data/acme/databases/orders/branches/main/tenants/t00000.db"), "SELECT * FROM items"),
                Sqlite.rows(target, "SELECT * FROM items"));
    }

    private Result run(List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Dcamel.server.port=" + FreePort.pick());
        command.addAll(jvmOptions);
        command.add("io.litefleet.LiteFleet");
        command.addAll(List.of(args));
        Path out = work.resolve("stdout.txt");
        Path err = work.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "finished: " + String.join(" ", args));
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
