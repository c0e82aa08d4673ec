package io.litefleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.litefleet.sample.SampleFleet;
import io.litefleet.testing.Await;
import io.litefleet.testing.ChildJvm;
import io.litefleet.testing.FreePort;
import io.litefleet.testing.PackagedJar;
import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A directory of the fleet the replicator may not read: the packaged jar runs as an unprivileged
 * user ({@code setpriv}, as root can read everything), and says so once, reports the scan as
 * incomplete ({@code --once} exits 1), and keeps file events for the rest of the fleet.
 */
class UnreadableDirectoryIT {

    private static final Path JAR = PackagedJar.JAR;
    private static final int NOBODY = 65534;

    @TempDir
    Path root;
    Path work;
    Path forbiddenTenants;

    /**
     * The jar and a fleet of four databases, owned by nobody, in a directory nobody can reach; and
     * a directory of tenants owned by root and closed to others.
     */
    @BeforeEach
    void aFleetWithADirectoryNobodyMayRead() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")) && Files.isExecutable(Path.of("/usr/bin/setpriv")),
                "needs root and setpriv to run the replicator as an unprivileged user");
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.copy(JAR, root.resolve("litefleet.jar"));
        work = Files.createDirectory(root.resolve("work"));
        SampleFleet.generate(work.resolve("data"), 4, 10);
        try (Stream<Path> all = Files.walk(work)) {
            for (Path path : all.toList()) {
                Files.setAttribute(path, "unix:uid", NOBODY);
                Files.setAttribute(path, "unix:gid", NOBODY);
            }
        }
        forbiddenTenants = closedToOthers(work.resolve("data/acme/databases/secret/branches/main/tenants"));
        Sqlite.execute(forbiddenTenants.resolve("t8.db"), "CREATE TABLE t (x)");
    }

    @Test
    void onceExitsOneAndNamesEachDirectoryItCannotReadOnce() throws Exception {
        // and one above the tenant directories
        Path forbiddenDatabase = closedToOthers(work.resolve("data/globex/databases/hidden"));
        Sqlite.execute(Files.createDirectories(forbiddenDatabase.resolve("branches/main/tenants")).resolve("t9.db"), "CREATE TABLE t (x)");

        Process process = start(List.of(), "replicate", "--once");
        assertTrue(process.waitFor(5, TimeUnit.MINUTES));
        String output = output();

        assertEquals(1, process.exitValue(), output);
        assertTrue(output.contains("incomplete: 4 databases, 4 changed, 4 uploaded, 0 failed"), output);
        assertTrue(output.contains("scan incomplete: 2 directories could not be read"), output);
        assertEquals(1, warnings(output, line -> line.contains(work.relativize(forbiddenTenants) + ": cannot read it (permission denied)")),
                output);
        assertEquals(1, warnings(output, line -> line.contains(work.relativize(forbiddenDatabase) + ": cannot read it (permission denied)")),
                output);
        assertEquals(4, objects());
    }

    @Test
    void fileEventsStayOnForTheRestOfTheFleet() throws Exception {
        int port = FreePort.pick();
        Process process = start(List.of("-Dcamel.server.port=" + port, "-Dlitefleet.sync-interval=500ms", "-Dlitefleet.full-scan-interval=1h"),
                "replicate");
        try {
            awaitStats(port, stats -> ((Number) stats.get("cycles")).intValue() >= 3);
            Map<String, Object> idle = stats(port);
            assertEquals("changed directories", idle.get("last_scan_kind"), idle.toString());
            assertEquals(1, ((Map<?, ?>) idle.get("last_cycle")).get("unreadable"), idle.toString());
            assertTrue(get(port, "/observe/metrics").lines().anyMatch(line -> line.startsWith("litefleet_unreadable_directories") && line.endsWith(" 1.0")),
                    "the metric tells the same");

            // a new database where nobody may read: found by its file event, between whole walks
            Path added = work.resolve("data/acme/databases/orders/branches/main/tenants/t00042.db");
            Sqlite.execute(added, "CREATE TABLE t (x)");
            Map<String, Object> after = awaitStats(port, stats -> ((Number) stats.get("uploads_success")).intValue() == 5);
            assertEquals("changed directories", after.get("last_scan_kind"), after.toString());
        } finally {
            process.destroy();
            assertTrue(process.waitFor(1, TimeUnit.MINUTES));
        }
        String output = output();
        assertEquals(0, warnings(output, line -> line.contains("file events turned off")), output);
        assertEquals(1, warnings(output, line -> line.contains(work.relativize(forbiddenTenants).toString())), output);
        assertEquals(5, objects());
    }

    private static Path closedToOthers(Path directory) throws Exception {
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        return directory;
    }

    private Process start(List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("/usr/bin/setpriv", "--reuid=" + NOBODY, "--regid=" + NOBODY, "--clear-groups"));
        command.addAll(ChildJvm.java());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", root.resolve("litefleet.jar").toString()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(root.resolve("output.txt").toFile()).start();
    }

    private String output() throws Exception {
        return Files.readString(root.resolve("output.txt"));
    }

    private static long warnings(String output, Predicate<String> about) {
        return output.lines().filter(line -> line.contains(" WARN ") && about.test(line)).count();
    }

    private long objects() throws Exception {
        try (Stream<Path> files = Files.walk(work.resolve("replica"))) {
            return files.filter(p -> p.toString().endsWith(".db.lz4")).count();
        }
    }

    private static Map<String, Object> stats(int port) throws Exception {
        return new ObjectMapper().readValue(get(port, "/stats"), new TypeReference<>() { });
    }

    private static String get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    /** /stats once {@code condition} holds; empty (so not yet) while the replicator does not listen. */
    private Map<String, Object> awaitStats(int port, Predicate<Map<String, Object>> condition) throws Exception {
        return Await.value(Duration.ofMinutes(2), "/stats gets there", () -> {
            try {
                return stats(port);
            } catch (java.io.IOException notListeningYet) {
                return Map.<String, Object>of();
            }
        }, stats -> !stats.isEmpty() && condition.test(stats));
    }
}
