package io.litefleet.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import io.litefleet.sample.SampleFleet;
import io.litefleet.stats.CycleReport;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.S3Server;
import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * A fleet of tenant databases (half in WAL mode) replicated to a real S3-compatible server,
 * cycle after cycle, checked the way a user would check their backups.
 */
class ReplicationToS3Test {

    private static final Pattern CONTRACT_KEY = Pattern.compile(
            "(acme|globex)/(orders|users)/main/(t\\d{5})/(\\d{8}T\\d{6}\\.\\d{3}Z)\\.db\\.lz4");
    /** The whole fleet, for the first cycle; the other tests need only a few tenants. */
    private static final int TENANTS = 200;
    private static final int FEW = 20;

    @TempDir
    Path work;
    S3Server s3;
    RunningLiteFleet fleet;
    List<Path> tenants;

    /** Each test its own fleet, server and replicator: none depends on what another did first. */
    private void start(int count) throws Exception {
        s3 = S3Server.start();
        tenants = SampleFleet.generate(work.resolve("data"), count, 50);
        fleet = RunningLiteFleet.start(work, s3.targetProperties());
    }

    @AfterEach
    void stop() throws Exception {
        fleet.close();
        s3.close();
    }

    @Test
    void firstCycleUploadsEveryDatabaseAsAVerifiableSnapshot() throws Exception {
        start(TENANTS);
        long walMode = tenants.stream().filter(ReplicationToS3Test::isWal).count();
        assertEquals(TENANTS / 2, walMode, "the sample fleet is half WAL, half rollback journal");

        CycleReport report = fleet.runCycle();

        assertEquals(new CycleReport(TENANTS, TENANTS, 0, 0, TENANTS, TENANTS, 0, 0, report.bytesUploaded(), report.duration()), report);
        List<String> keys = s3.keys();
        assertEquals(TENANTS, keys.size());
        Map<String, String> keyByTenant = new HashMap<>();
        for (String key : keys) {
            Matcher m = CONTRACT_KEY.matcher(key);
            assertTrue(m.matches(), "contract key: " + key);
            keyByTenant.put(key.substring(0, key.lastIndexOf('/')), key);
        }
        for (Path tenant : tenants) {
            String key = keyByTenant.get(prefixOf(tenant));
            assertNotNull(key, "a snapshot of " + tenant);
            Path restored = Sqlite.decompress(s3.get(key), work.resolve("check-" + Files.size(tenant) + "-" + System.nanoTime() + ".db"));
            assertEquals("ok", Sqlite.integrityCheck(restored), key);
            assertEquals(Sqlite.rows(tenant, "SELECT * FROM items ORDER BY id"), Sqlite.rows(restored, "SELECT * FROM items ORDER BY id"), key);
            HeadObjectResponse head = s3.client().headObject(b -> b.bucket(S3Server.BUCKET).key(key));
            assertEquals(Sqlite.sha256(restored), head.metadata().get("sha256"), key);
            assertEquals(Long.toString(Files.size(restored)), head.metadata().get("source-size"), key);
            Files.delete(restored);
        }
        assertTemporaryFilesGone();
    }

    @Test
    void aCycleWithoutWritesUploadsNothingAndOneWriteUploadsExactlyThatDatabase() throws Exception {
        start(FEW);
        assertEquals(FEW, fleet.runCycle().uploaded());
        CycleReport idle = fleet.runCycle();
        assertEquals(0, idle.changed());
        assertEquals(0, idle.uploaded());
        assertEquals(FEW, s3.keys().size());

        writeTwoTenants();

        assertEquals(FEW + 2, s3.keys().size());
    }

    @Test
    void statsOverHttpMatchWhatHappened() throws Exception {
        start(FEW);
        fleet.runCycle();
        writeTwoTenants();

        Map<String, Object> stats = fleet.stats();

        assertEquals(FEW, stats.get("databases"));
        assertEquals(1, stats.get("changed_last_cycle"));
        assertEquals(FEW + 2, stats.get("uploads_success"));
        assertEquals(0, stats.get("uploads_failed"));
        long stored = s3.keys().stream().mapToLong(k -> s3.client().headObject(b -> b.bucket(S3Server.BUCKET).key(k)).contentLength()).sum();
        assertEquals(stored, ((Number) stats.get("bytes_uploaded")).longValue(), "compressed bytes of every object");
        Instant lastScan = Instant.parse((String) stats.get("last_scan"));
        assertTrue(lastScan.isAfter(Instant.now().minusSeconds(60)), "last_scan is recent: " + lastScan);
        assertEquals(3, ((Number) stats.get("cycles")).intValue());
    }

    @Test
    void everyRouteIsVisibleOverJmx() throws Exception {
        start(FEW);
        fleet.runCycle();
        fleet.runCycle();
        MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();
        // this replicator's routes: the other tests' contexts may still be registered
        String context = fleet.app().context().getManagementName();
        Set<String> routeIds = jmx.queryNames(new ObjectName("org.apache.camel:context=" + context + ",type=routes,*"), null).stream()
                .map(name -> name.getKeyProperty("name").replace("\"", ""))
                .collect(Collectors.toSet());
        assertTrue(routeIds.containsAll(Set.of("replication-trigger", "replication-cycle", "replicate-database", "store-s3", "stats")),
                "route MBeans: " + routeIds);
        ObjectName cycle = jmx.queryNames(new ObjectName("org.apache.camel:context=" + context
                + ",type=routes,name=\"replication-cycle\",*"), null).iterator().next();
        assertEquals(2L, ((Number) jmx.getAttribute(cycle, "ExchangesCompleted")).longValue(), "one exchange per cycle");
    }

    /** A rollback-journal tenant, then a WAL one, each written and replicated by a cycle of its own. */
    private void writeTwoTenants() throws Exception {
        for (Path written : List.of(tenants.get(7), tenants.get(8))) {
            assertEquals(written == tenants.get(8), isWal(written), "one rollback-journal tenant, then one WAL tenant");
            Sqlite.execute(written, "INSERT INTO items (name, qty) VALUES ('one more', 1)");
            Sqlite.settle();

            CycleReport next = fleet.runCycle();

            assertEquals(1, next.changed(), written.toString());
            assertEquals(1, next.uploaded());
            Set<String> ofWritten = s3.keys().stream().filter(k -> k.startsWith(prefixOf(written) + "/")).collect(Collectors.toSet());
            assertEquals(2, ofWritten.size(), "the written tenant has a second snapshot");
        }
    }

    private void assertTemporaryFilesGone() throws Exception {
        try (var left = Files.list(fleet.temporaryDirectory())) {
            assertEquals(List.of(), left.toList(), "temporary snapshots are deleted");
        }
    }

    static String prefixOf(Path tenant) {
        // data/<project>/databases/<database>/branches/<branch>/tenants/<tenant>.db
        Path tenants = tenant.getParent();
        Path branch = tenants.getParent();
        Path database = branch.getParent().getParent();
        Path project = database.getParent().getParent();
        return project.getFileName() + "/" + database.getFileName() + "/" + branch.getFileName() + "/"
                + tenant.getFileName().toString().replace(".db", "");
    }

    static boolean isWal(Path database) {
        try {
            return Sqlite.rows(database, "PRAGMA journal_mode").equals(List.of("wal"));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
