package io.litefleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.litefleet.InvalidSettingException;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Keys are a faithful, reversible function of the database path: real fleets, real destinations. */
class FaithfulKeysTest {

    private static final Map<String, String> KEEP_LAST_ONE = Map.of("litefleet.retention.keep-last", "1",
            "litefleet.retention.keep-hourly", "0", "litefleet.retention.keep-daily", "0", "litefleet.retention.keep-weekly", "0");

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
        Map<String, String> properties = new java.util.HashMap<>(KEEP_LAST_ONE);
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
