package io.litefleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import io.litefleet.model.InvalidSettingException;
import io.litefleet.model.ObjectKeys;
import io.litefleet.restore.FleetRestorer;
import io.litefleet.restore.RestoreProgress;
import io.litefleet.restore.SnapshotRestorer;
import io.litefleet.settings.LiteFleetSettings;
import io.litefleet.stats.CycleReport;
import io.litefleet.testing.LogCapture;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.S3Server;
import io.litefleet.testing.Sqlite;
import io.litefleet.testing.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Keys are a faithful, reversible function of the database path: real fleets, real targets. */
class FaithfulKeysTest {

    private static final Map<String, String> KEEP_LAST_ONE = Map.of("litefleet.retention.keep-last", "1",
            "litefleet.retention.keep-hourly", "0", "litefleet.retention.keep-daily", "0", "litefleet.retention.keep-weekly", "0");

    private static final String TENANTS = "data/p/databases/d/branches/main/tenants/";

    @TempDir
    Path work;

    /**
     * Branch {@code a-b} with tenant {@code c}, and branch {@code a} with tenant {@code b-c}, both
     * render {@code p/d/a-b-c} under {@code {{branch}}-{{tenant}}}: with such a template accepted, the
     * second upload's retention deletes the first database's only snapshot.
     */
    @Test
    void aTemplateWhereTwoDatabasesCouldShareAPrefixIsRefusedBeforeOneDeletesTheOthersSnapshot() throws Exception {
        Path first = database("data/p/databases/d/branches/a-b/tenants/c.db", "first");
        Path second = database("data/p/databases/d/branches/a/tenants/b-c.db", "second");
        Map<String, String> properties = new HashMap<>(KEEP_LAST_ONE);
        properties.put("litefleet.path-template", "{{project}}/{{database}}/{{branch}}-{{tenant}}");

        Exception refused = assertThrows(Exception.class, () -> {
            try (RunningLiteFleet fleet = RunningLiteFleet.start(work, properties)) {
                assertEquals(2, fleet.runCycle().uploaded());
                List<Path> stored = objects(work.resolve("replica"));
                assertEquals(2, stored.size(), first + " and " + second + " each uploaded one snapshot, " + stored
                        + " are left: one's retention deleted the other's only snapshot");
            }
        });

        InvalidSettingException invalid = invalidSetting(refused);
        assertEquals("litefleet.path-template", invalid.property());
        assertTrue(invalid.getMessage().contains("puts {{branch}} and {{tenant}} in one segment"), invalid.getMessage());
        assertTrue(Files.notExists(work.resolve("replica")), "nothing was stored");
    }

    /**
     * Tenants named {@code ..} (file {@code ...db}), {@code .}, {@code a\b} and {@code 100%}: each is
     * stored under its own prefix, on both targets, and {@code restore-all} puts each back at
     * its own path with its own content. Names that cannot be stored faithfully (not UTF-8, too long
     * for a file name once encoded) are refused, one WARN each, while the others replicate.
     */
    @ParameterizedTest
    @ValueSource(strings = { "file", "s3" })
    void oddNamesStayUnderTheirOwnPrefixAndRestoreToTheirOwnPaths(String target) throws Exception {
        Map<String, String> tenants = new LinkedHashMap<>();
        for (String name : List.of("t1", "..", ".", "a\\b", "100%")) {
            tenants.put(name, TENANTS + name + ".db");
            database(TENANTS + name + ".db", "content of " + name);
        }
        Path model = database("model.db", "not a tenant");
        Path tenantsDirectory = work.resolve(TENANTS);
        Process copy = new ProcessBuilder("sh", "-c", "cp \"$0\" \"$1/bad$(printf '\\377').db\"", model.toString(),
                tenantsDirectory.toString()).inheritIO().start();
        assertEquals(0, copy.waitFor());
        String tooLong = "%".repeat(86);
        Files.copy(model, tenantsDirectory.resolve(tooLong + ".db"));

        try (S3Server s3 = S3Server.start(); LogCapture log = LogCapture.capture()) {
            Map<String, String> properties = new HashMap<>(target.equals("s3") ? s3.targetProperties() : Map.of());
            try (RunningLiteFleet fleet = RunningLiteFleet.start(work, properties)) {
                CycleReport first = fleet.runCycle();
                assertEquals(5, first.uploaded(), first.toString());
                assertEquals(0, first.failed(), first.toString());
                assertEquals(0, fleet.runCycle().uploaded());
                for (String name : List.of("100%25", "a%5Cb")) {
                    HttpResponse<String> tenant = fleet.get("/stats/p/d/main/" + name);
                    assertEquals(200, tenant.statusCode(), name + ": " + tenant.body());
                    assertTrue(tenant.body().contains(URLDecoder.decode(name, StandardCharsets.UTF_8).replace("\\", "\\\\") + ".db"), tenant.body());
                }
            }
            assertEquals(1, log.warningsAbout("is not valid UTF-8").size(), log.lines().toString());
            assertEquals(1, log.warningsAbout(tooLong + ".db: its name cannot be a key").size(), log.lines().toString());

            LiteFleetSettings settings = TestSettings.load(Map.of(
                    "litefleet.discovery-pattern", work.resolve("data") + "/*/databases/*/branches/*/tenants/*.db",
                    "litefleet.file.directory", work.resolve("replica").toString()));
            try (Target store = target.equals("s3") ? new S3Target(TestSettings.load(s3.targetProperties()).s3().orElseThrow(), 4)
                    : new FileTarget(work.resolve("replica"))) {
                List<String> prefixes = store.list("").stream().filter(o -> !o.key().startsWith(OwnerMarker.RESERVED_PREFIX)).map(o -> o.key().substring(0, o.key().lastIndexOf('/'))).toList();
                assertEquals(List.of("p/d/main/%2E", "p/d/main/%2E%2E", "p/d/main/100%25", "p/d/main/a%5Cb", "p/d/main/t1"),
                        prefixes.stream().sorted().toList(), "one object under each tenant's own prefix: " + prefixes);
                if (target.equals("file")) {
                    List<Path> files = objects(work.resolve("replica"));
                    assertEquals(5, files.size(), files.toString());
                    for (Path file : files) {
                        assertEquals(work.resolve("replica/p/d/main"), file.getParent().getParent(), "stored in its own directory: " + file);
                    }
                }
                SnapshotCatalog catalog = new SnapshotCatalog(store, note -> { });
                assertEquals(1, catalog.snapshotsOf(ObjectKeys.prefixOf("p/d/main/..")).size(), "found by its name");

                FleetRestorer.Summary summary = new FleetRestorer(catalog, new SnapshotRestorer(store), settings.pathTemplate(),
                        settings.discoveryPattern()).restoreAll("", work.resolve("restored"), Optional.empty(), 2, false, new RestoreProgress(System.err, false, "tenants"));
                assertEquals(List.of(), summary.failed());
                assertEquals(5, summary.restored());
            }
            for (Map.Entry<String, String> tenant : tenants.entrySet()) {
                Path restored = work.resolve("restored").resolve(work.resolve("data").relativize(work.resolve(tenant.getValue())));
                assertEquals("ok", Sqlite.integrityCheck(restored), restored.toString());
                assertEquals(List.of("content of " + tenant.getKey()), Sqlite.rows(restored, "SELECT v FROM t"), restored.toString());
            }
        }
    }

    private Path database(String relative, String content) throws Exception {
        Path path = work.resolve(relative);
        Files.createDirectories(path.getParent());
        Sqlite.execute(path, "CREATE TABLE t (v TEXT)", "INSERT INTO t VALUES ('" + content + "')");
        return path;
    }

    private static List<Path> objects(Path root) throws Exception {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(p -> p.toString().endsWith(ObjectKeys.SUFFIX)).sorted().toList();
        }
    }

    private static InvalidSettingException invalidSetting(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidSettingException invalid) {
                return invalid;
            }
        }
        throw new AssertionError("not refused as a configuration mistake", e);
    }
}
