package io.litefleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.litefleet.sample.SampleFleet;
import io.litefleet.testing.ChildJvm;
import io.litefleet.testing.FreePort;
import io.litefleet.testing.HeldDatabase;
import io.litefleet.testing.ReplicatorProcess;
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
        Files.writeString(work.resolve("a-file"), "not a directory");
        Map<String, String> mistakes = new LinkedHashMap<>();
        mistakes.put("-Dlitefleet.target=gcs", "litefleet.target: 'gcs' is not a target");
        mistakes.put("-Dlitefleet.target=s3", "litefleet.s3.bucket: must be set when litefleet.target includes s3");
        mistakes.put("-Dlitefleet.sync-interval=soon", "litefleet.sync-interval: 'soon' is not a duration");
        mistakes.put("-Dlitefleet.discovery-pattern=data/tenants.db", "litefleet.discovery-pattern: 'data/tenants.db' has no * wildcard");
        // accepted before, then every upload failed
        mistakes.put("-Dlitefleet.target=FILE", "litefleet.target: 'FILE' is not a target; use s3, file, or both as s3,file");
        mistakes.put("-Dlitefleet.file.directory=a-file", "litefleet.file.directory: " + work.resolve("a-file") + " is not a directory");
        // a stack trace from Camel before
        mistakes.put("-Dlitefleet.schedule-enabled=yes", "litefleet.schedule-enabled: 'yes' must be true or false");
        mistakes.put("-Dlitefleet.full-scan-interval=PT100000000000000H",
                "litefleet.full-scan-interval: 'PT100000000000000H' is too long: at most 365 days");
        mistakes.put("-Dcamel.server.port=99999", "camel.server.port: '99999' must be a port number from 0 to 65535");
        mistakes.put("-Dlitefleet.state-directory=a-file", "litefleet.state-directory: " + work.resolve("a-file") + " is not a directory");
        mistakes.put("-Dlitefleet.routes-directory=a-file", "litefleet.routes-directory: " + work.resolve("a-file") + " is not a directory");
        mistakes.put("-Dlitefleet.path-template={{project}}/{{database}}/{{branch}}-{{tenant}}", "litefleet.path-template: "
                + "'{{project}}/{{database}}/{{branch}}-{{tenant}}' puts {{branch}} and {{tenant}} in one segment");
        // silently ignored before
        mistakes.put("-Dlitefleet.retention.keep_last=1", "litefleet.retention.keep_last: unknown property (a -D system property)");
        for (Map.Entry<String, String> mistake : mistakes.entrySet()) {
            Result result = run(List.of(mistake.getKey()), "replicate", "--once");

            assertOneConfigurationLine(result, mistake.getValue());
        }
    }

    /** The known keys are those of the packaged application.properties, whichever source sets one. */
    @Test
    void anUnknownKeyIsRefusedFromEverySource() throws Exception {
        Result environment = run(List.of(), Map.of("LITEFLEET_SYNC_INTERVALL", "10s"), "snapshots", "acme/orders/main/t00000");
        assertOneConfigurationLine(environment, "LITEFLEET_SYNC_INTERVALL: unknown property (an environment variable)");

        Result logLevel = run(List.of(), Map.of("LITEFLEET_LOG_LEVEL", "DEBUG"), "prune");
        assertOneConfigurationLine(logLevel, "LITEFLEET_LOG_LEVEL: the log level is set only with -Dlitefleet.log-level");

        Result systemProperty = run(List.of("-Dlitefleet.s3.bukcet=backups"), "restore", "acme/orders/main/t00000", "-o", "t.db");
        assertOneConfigurationLine(systemProperty, "litefleet.s3.bukcet: unknown property (a -D system property)");

        Files.writeString(work.resolve("application.properties"), "litefleet.sync-intervall = 10s\n");
        Result file = run(List.of(), "replicate", "--once");
        assertOneConfigurationLine(file, "litefleet.sync-intervall: unknown property (in " + work.resolve("application.properties") + ")");

        Files.delete(work.resolve("application.properties"));
        // what Kubernetes sets in every pod for a Service named litefleet is someone else's, not a typo
        Result known = run(List.of("-Dlitefleet.log-level=WARN"), Map.of("LITEFLEET_SYNC_INTERVAL", "10s",
                "LITEFLEET_SERVICE_HOST", "10.0.0.7", "LITEFLEET_PORT_8080_TCP_PORT", "8080"), "snapshots",
                "acme/orders/main/t00000");
        assertEquals(1, known.exitCode(), known.stderr());
        assertTrue(known.stderr().startsWith("litefleet: no snapshots of acme/orders/main/t00000"), known.stderr());
    }

    /** Before, the packaged defaults won over the working directory's file: an operator's override did nothing. */
    @Test
    void theWorkingDirectorysApplicationPropertiesOverridesThePackagedDefaults() throws Exception {
        SampleFleet.generate(work.resolve("data"), 2, 10);
        Files.writeString(work.resolve("application.properties"), """
                # an operator's overrides
                litefleet.file.directory = backups
                litefleet.retention.enabled = false
                """);

        Result once = run(List.of(), "replicate", "--once");
        assertEquals(0, once.exitCode(), once.stderr());
        try (Stream<Path> objects = Files.walk(work.resolve("backups"))) {
            assertEquals(2, objects.filter(p -> p.toString().endsWith(".db.lz4")).count());
        }
        assertFalse(Files.exists(work.resolve("replica")), "the packaged litefleet.file.directory=replica was overridden");

        Result prune = run(List.of(), "prune");
        assertEquals(1, prune.exitCode(), prune.stdout());
        assertTrue(prune.stderr().startsWith("litefleet: litefleet.retention.enabled=false"), prune.stderr());

        Result systemPropertyWins = run(List.of("-Dlitefleet.retention.enabled=true"), "prune", "--dry-run");
        assertEquals(0, systemPropertyWins.exitCode(), systemPropertyWins.stderr());
        assertTrue(systemPropertyWins.stdout().contains("would delete 0 of 2 snapshots of 2 tenants"), systemPropertyWins.stdout());
    }

    /** Before, Camel's HTTP server logged the bind failure and the replicator ran on without /stats. */
    @Test
    void anHttpPortInUseStopsStartUp() throws Exception {
        try (ServerSocket held = new ServerSocket()) {
            held.bind(new InetSocketAddress("127.0.0.1", 0));

            Result result = run(List.of("-Dcamel.server.port=" + held.getLocalPort()), "replicate");

            assertOneConfigurationLine(result, "camel.server.port: 127.0.0.1:" + held.getLocalPort() + " is in use");
        }
    }

    /** An S3 failure in a command that only reads: one line naming what failed, never a stack trace. */
    @Test
    void theReadOnlyCommandsReportAnS3ErrorInOneLine() throws Exception {
        String tenant = "acme/orders/main/t00000";
        try (S3Server server = S3Server.start()) {
            Map<String, String> unreachable = new LinkedHashMap<>(server.targetProperties());
            unreachable.put("litefleet.s3.endpoint", "http://127.0.0.1:" + FreePort.pick());
            List<List<String>> commands = List.of(List.of("snapshots", tenant), List.of("restore", tenant, "-o", "t.db"),
                    List.of("restore-all", "--to", "restored"), List.of("prune"));
            for (List<String> command : commands) {
                assertOneErrorLine(run(options(unreachable), command.toArray(String[]::new)), "Connection refused");
            }

            Map<String, String> badCredentials = new LinkedHashMap<>(server.targetProperties());
            badCredentials.put("litefleet.s3.secret-key", "wrong-secret");
            assertOneErrorLine(run(options(badCredentials), "snapshots", tenant), "403");

            Map<String, String> noBucket = new LinkedHashMap<>(server.targetProperties());
            noBucket.put("litefleet.s3.bucket", "no-such-bucket");
            assertOneErrorLine(run(options(noBucket), "prune"), "no-such-bucket");
        }
    }

    private static List<String> options(Map<String, String> properties) {
        List<String> options = new ArrayList<>();
        properties.forEach((k, v) -> options.add("-D" + k + "=" + v));
        return options;
    }

    private static void assertOneConfigurationLine(Result result, String expected) {
        assertEquals(2, result.exitCode(), expected + "\n" + result.stderr());
        assertEquals(1, result.errorLines().size(), result.stderr());
        assertTrue(result.errorLines().get(0).startsWith("litefleet: invalid configuration: " + expected), result.errorLines().get(0));
        assertNoStackTrace(result);
    }

    private static void assertOneErrorLine(Result result, String expected) {
        assertEquals(1, result.exitCode(), result.stderr());
        assertEquals(1, result.errorLines().size(), result.stderr());
        assertTrue(result.errorLines().get(0).startsWith("litefleet: ") && result.errorLines().get(0).contains(expected),
                result.errorLines().get(0));
        assertNoStackTrace(result);
        assertFalse(result.stdout().contains(S3Server.SECRET_KEY) || result.stderr().contains(S3Server.SECRET_KEY), "no secret printed");
    }

    private static void assertNoStackTrace(Result result) {
        assertTrue(Stream.of(result.stdout(), result.stderr()).noneMatch(s -> s.contains("\tat ")), "no stack trace:\n" + result.stderr());
    }

    /** verify: a sound repository passes; a damaged snapshot is one FAILED line naming its key and check, exit 1. */
    @Test
    void verifyNamesEachDamagedSnapshotAndExitsOne() throws Exception {
        run(List.of(), "generate", "--root", "data", "--tenants", "3");
        assertEquals(0, run(List.of(), "replicate", "--once").exitCode());

        Result sound = run(List.of(), "verify");
        assertEquals(0, sound.exitCode(), sound.stderr());
        assertTrue(sound.stdout().contains("verified 3 snapshots of 3 tenants"), sound.stdout());

        Path object;
        try (Stream<Path> files = Files.walk(work.resolve("replica"))) {
            object = files.filter(p -> p.toString().endsWith(".db.lz4")).sorted().findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(object);
        Files.write(object, java.util.Arrays.copyOf(bytes, bytes.length - 7));
        Result damaged = run(List.of(), "verify", "--all");
        assertEquals(1, damaged.exitCode(), damaged.stderr());
        String key = work.resolve("replica").relativize(object).toString();
        assertEquals(List.of("FAILED " + key + ": LZ4 frame check failed"),
                damaged.errorLines().stream().map(l -> l.replaceAll(": LZ4 frame check failed.*", ": LZ4 frame check failed")).toList());
        assertTrue(damaged.stdout().contains("2 sound, 1 damaged"), damaged.stdout());
        assertNoStackTrace(damaged);
    }

    /** With several targets, the reading commands read the first unless --target names another. */
    @Test
    void theReadingCommandsReadTheFirstTargetOrTheOneNamed() throws Exception {
        String tenant = "acme/orders/main/t00000";
        run(List.of(), "generate", "--root", "data", "--tenants", "2");
        try (S3Server server = S3Server.start()) {
            Map<String, String> both = new LinkedHashMap<>(server.targetProperties());
            both.put("litefleet.target", "s3,file");
            Result replicated = run(options(both), "replicate", "--once");
            assertEquals(0, replicated.exitCode(), replicated.stdout() + replicated.stderr());
            server.stop();

            assertOneErrorLine(run(options(both), "snapshots", tenant), "Connection refused");
            Result fromFiles = run(options(both), "snapshots", tenant, "--target", "file");
            assertEquals(0, fromFiles.exitCode(), fromFiles.stderr());
            assertEquals(1, fromFiles.stdout().lines().filter(l -> l.contains(".db.lz4")).count(), fromFiles.stdout());
            Result restored = run(options(both), "restore", tenant, "-o", "t.db", "--target", "file");
            assertEquals(0, restored.exitCode(), restored.stderr());
            assertOneConfigurationLine(run(options(both), "snapshots", tenant, "--target", "gcs"),
                    "--target: 'gcs' is not one of litefleet.target (s3,file)");
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
        return run(jvmOptions, Map.of(), args);
    }

    private Result run(List<String> jvmOptions, Map<String, String> environment, String... args) throws Exception {
        List<String> command = ChildJvm.java();
        command.add("-cp");
        command.add(ReplicatorProcess.classPath());
        command.add("-Dcamel.server.port=" + FreePort.pick());
        command.addAll(jvmOptions);
        command.add("io.litefleet.cli.LiteFleet");
        command.addAll(List.of(args));
        Path out = work.resolve("stdout.txt");
        Path err = work.resolve("stderr.txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
            fail("still running after 120 s: " + String.join(" ", args) + "\n" + Files.readString(err));
        }
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }
}
