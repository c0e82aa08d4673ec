package io.litefleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.litefleet.model.InvalidSettingException;
import io.litefleet.settings.LiteFleetSettings;
import io.litefleet.storage.S3Settings;
import io.litefleet.storage.TargetKind;
import io.litefleet.testing.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LiteFleetSettingsTest {

    private static Map<String, String> defaults() throws Exception {
        return TestSettings.defaults();
    }

    private static LiteFleetSettings load(Map<String, String> properties) {
        return LiteFleetSettings.load(key -> Optional.ofNullable(properties.get(key)));
    }

    @Test
    void theDefaultsAreTheEmbeddedFileTarget() throws Exception {
        LiteFleetSettings settings = load(defaults());

        assertEquals(List.of(TargetKind.FILE), settings.targets());
        assertEquals("data/*/databases/*/branches/*/tenants/*.db", settings.discoveryPattern().toString());
        assertEquals("{{project}}/{{database}}/{{branch}}/{{tenant}}", settings.pathTemplate().toString());
        assertEquals(Duration.ofSeconds(30), settings.syncInterval());
        assertEquals(100, settings.maxConcurrentUploads());
        assertEquals(Path.of("replica"), settings.fileDirectory());
        assertFalse(settings.s3().isPresent());
    }

    @Test
    void aClusterOfTheFileLockServiceNeedsItsDirectory() throws Exception {
        assertFalse(load(defaults()).cluster().enabled(), "one replicator by default");
        Map<String, String> p = defaults();
        p.put("litefleet.cluster.service", "file");
        p.put("litefleet.cluster.directory", "/srv/shared/cluster");

        LiteFleetSettings.ClusterSettings cluster = load(p).cluster();

        assertTrue(cluster.enabled());
        assertEquals(Optional.of(Path.of("/srv/shared/cluster")), cluster.directory());
        assertEquals(Duration.ofSeconds(30), cluster.lease());
        p.put("litefleet.cluster.lease", "5ms");
        InvalidSettingException tooShort = assertThrows(InvalidSettingException.class, () -> load(p));
        assertEquals("litefleet.cluster.lease: '5ms' is shorter than 6 ms", tooShort.getMessage());
    }

    @Test
    void aClusterOfZooKeeperNeedsItsNodesAndTakesTheLeaseAsItsSessionTimeout() throws Exception {
        Map<String, String> p = defaults();
        p.put("litefleet.cluster.service", "zookeeper");
        p.put("litefleet.cluster.zookeeper.nodes", "zk1:2181,zk2:2181,zk3:2181");
        p.put("litefleet.cluster.lease", "20s");

        LiteFleetSettings.ClusterSettings cluster = load(p).cluster();

        assertTrue(cluster.enabled());
        assertEquals(LiteFleetSettings.ClusterSettings.ClusterService.ZOOKEEPER, cluster.service());
        assertEquals(Optional.of("zk1:2181,zk2:2181,zk3:2181"), cluster.zookeeperNodes());
        assertEquals("/litefleet", cluster.zookeeperBasePath());
        assertEquals(Optional.empty(), cluster.directory(), "no lock directory");
        assertEquals(Duration.ofSeconds(20), cluster.lease());
    }

    @Test
    void aShardedGroupNeedsAClusterServiceAndWritesItsTemporaryFilesApart() throws Exception {
        assertEquals(1, load(defaults()).cluster().shards(), "one shard by default");
        assertEquals(Path.of(".litefleet/tmp"), load(defaults()).temporaryDirectory());
        Map<String, String> p = defaults();
        p.put("litefleet.shards", "6");
        InvalidSettingException alone = assertThrows(InvalidSettingException.class, () -> load(p));
        assertEquals("litefleet.shards: 6 shards need a cluster service (litefleet.cluster.service file or zookeeper);"
                + " one replicator alone replicates with 1", alone.getMessage());
        p.put("litefleet.cluster.service", "zookeeper");
        p.put("litefleet.cluster.zookeeper.nodes", "zk1:2181");

        LiteFleetSettings settings = load(p);

        assertEquals(6, settings.cluster().shards());
        assertEquals(Path.of(".litefleet/tmp", LiteFleetSettings.ClusterSettings.MEMBER), settings.temporaryDirectory(),
                "each member its own: none sweeps another's files in use");
    }

    @Test
    void anS3TargetNeedsABucketAndKeepsItsSecretOutOfToString() throws Exception {
        Map<String, String> p = defaults();
        p.put("litefleet.target", "s3");
        p.put("litefleet.s3.bucket", "backups");
        p.put("litefleet.s3.endpoint", "http://127.0.0.1:9000");
        p.put("litefleet.s3.access-key", "AKIAEXAMPLE");
        p.put("litefleet.s3.secret-key", "very-secret");

        LiteFleetSettings settings = load(p);

        S3Settings s3 = settings.s3().orElseThrow();
        assertEquals("backups", s3.bucket());
        assertEquals(Optional.of(URI.create("http://127.0.0.1:9000")), s3.endpoint());
        assertEquals(Duration.ofSeconds(5), s3.connectTimeout());
        assertEquals(Duration.ofSeconds(30), s3.readTimeout());
        assertEquals(Duration.ofMinutes(2), s3.callTimeout());
        assertFalse(settings.toString().contains("very-secret"), settings.toString());
        assertFalse(settings.toString().contains("AKIAEXAMPLE"), settings.toString());
    }

    @ParameterizedTest
    @CsvSource({ "0, false", "0s, false", "PT0S, false", "1h, true", "500ms, true" })
    void restoreDrillsAreOffAtAZeroInterval(String interval, boolean enabled) throws Exception {
        Map<String, String> p = defaults();
        p.put("litefleet.verify.interval", interval);
        assertEquals(enabled, load(p).verify().enabled());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "litefleet.target; gcs; litefleet.target; 'gcs' is not a target; use s3, file, or both as s3,file",
            "litefleet.target; s3; litefleet.s3.bucket; must be set when litefleet.target includes s3",
            "litefleet.sync-interval; soon; litefleet.sync-interval; 'soon' is not a duration",
            "litefleet.sync-interval; 0s; litefleet.sync-interval; must be longer than zero",
            "litefleet.max-concurrent-uploads; 0; litefleet.max-concurrent-uploads; must be a whole number greater than zero",
            "litefleet.discovery-pattern; data/t.db; litefleet.discovery-pattern; has no * wildcard",
            "litefleet.path-template; {{tenant}}; litefleet.path-template; must use {{project}}",
            "litefleet.retention.keep-last; -1; litefleet.retention.keep-last; must be a whole number, 0 or more",
            "litefleet.retention.enabled; maybe; litefleet.retention.enabled; must be true or false",
            "litefleet.cost.put-per-1000; free; litefleet.cost.put-per-1000; must be a price in dollars",
            // overflow, ranges and exact spellings: each of these was accepted, or failed later, before
            "litefleet.max-concurrent-uploads; 99999999999; litefleet.max-concurrent-uploads; '99999999999' is too large: at most 2147483647",
            "litefleet.retention.keep-daily; 99999999999; litefleet.retention.keep-daily; is too large: at most 2147483647",
            "litefleet.sync-interval; PT1000000000H; litefleet.sync-interval; 'PT1000000000H' is too long: at most 365 days",
            "litefleet.full-scan-interval; PT100000000000000H; litefleet.full-scan-interval; is too long: at most 365 days",
            "litefleet.shutdown-timeout; 99999999999999d; litefleet.shutdown-timeout; is too long: at most 365 days",
            "litefleet.snapshot.busy-timeout; PT0.0005S; litefleet.snapshot.busy-timeout; 'PT0.0005S' is shorter than 1 ms",
            "litefleet.sync-interval; 0.5ms; litefleet.sync-interval; '0.5ms' is not a duration",
            "litefleet.sync-interval; -1s; litefleet.sync-interval; must be longer than zero",
            "litefleet.watch-directories; ''; litefleet.watch-directories; must be set",
            "litefleet.watch-directories; yes; litefleet.watch-directories; 'yes' must be true or false",
            "litefleet.retention.enabled; TRUE; litefleet.retention.enabled; 'TRUE' must be true or false",
            "litefleet.retention.enabled; ''; litefleet.retention.enabled; must be set",
            "litefleet.schedule-enabled; yes; litefleet.schedule-enabled; 'yes' must be true or false",
            "litefleet.s3.force-path-style; 1; litefleet.s3.force-path-style; '1' must be true or false",
            "litefleet.target; FILE; litefleet.target; 'FILE' is not a target; use s3, file, or both as s3,file",
            "litefleet.target; ' S3'; litefleet.target; is not a target; use s3, file, or both as s3,file",
            "litefleet.file.directory; ''; litefleet.file.directory; must be set",
            "litefleet.state-directory; ''; litefleet.state-directory; must be set",
            "litefleet.s3.endpoint; ftp://127.0.0.1:9000; litefleet.s3.endpoint; is not an http(s) URL",
            "litefleet.s3.endpoint; http://; litefleet.s3.endpoint; is not an http(s) URL",
            "litefleet.s3.endpoint; http://127.0.0.1:99999; litefleet.s3.endpoint; is not an http(s) URL",
            "litefleet.s3.bucket; Backups; litefleet.s3.bucket; 'Backups' is not an S3 bucket name",
            "litefleet.s3.bucket; my_backups; litefleet.s3.bucket; is not an S3 bucket name",
            "litefleet.s3.bucket; ab; litefleet.s3.bucket; is not an S3 bucket name",
            "litefleet.s3.bucket; -backups; litefleet.s3.bucket; is not an S3 bucket name",
            "litefleet.s3.bucket; backups.; litefleet.s3.bucket; is not an S3 bucket name",
            "litefleet.s3.bucket; a123456789012345678901234567890123456789012345678901234567890123; litefleet.s3.bucket; is not an S3 bucket name",
            "litefleet.log-level; LOUD; litefleet.log-level; 'LOUD' is not a log level",
            "litefleet.target.max-consecutive-failures; 0; litefleet.target.max-consecutive-failures; must be a whole number greater than zero",
            "litefleet.verify.interval; hourly; litefleet.verify.interval; 'hourly' is not a duration",
            "litefleet.verify.interval; -1h; litefleet.verify.interval; must be longer than zero",
            "litefleet.verify.sample; 0; litefleet.verify.sample; must be a whole number greater than zero",
            "litefleet.verify.parallelism; many; litefleet.verify.parallelism; must be a whole number greater than zero",
            "litefleet.verify.age-identity; /nonexistent/key.txt; litefleet.verify.age-identity; cannot read /nonexistent/key.txt",
            "litefleet.cluster.service; consul; litefleet.cluster.service; 'consul' is not a cluster service; use none, file or zookeeper",
            "litefleet.cluster.service; FILE; litefleet.cluster.service; 'FILE' is not a cluster service",
            "litefleet.cluster.service; zookeeper; litefleet.cluster.zookeeper.nodes; must be set when litefleet.cluster.service is zookeeper",
            "litefleet.cluster.service; kubernetes; litefleet.cluster.service; 'kubernetes' is not supported yet; use none, file or zookeeper",
            "litefleet.cluster.zookeeper.base-path; litefleet; litefleet.cluster.zookeeper.base-path; 'litefleet' does not start with /",
            "litefleet.cluster.zookeeper.base-path; /litefleet/; litefleet.cluster.zookeeper.base-path; '/litefleet/' ends with /",
            "litefleet.cluster.service; file; litefleet.cluster.directory; must be set when litefleet.cluster.service is file",
            "litefleet.cluster.lease; soon; litefleet.cluster.lease; 'soon' is not a duration",
            "litefleet.shards; 0; litefleet.shards; must be a whole number greater than zero",
            "litefleet.shards; 257; litefleet.shards; '257' is more than 256" })

    void aWrongValueNamesThePropertyAndWhatIsWrong(String key, String value, String property, String problem) throws Exception {
        Map<String, String> p = defaults();
        p.put(key, value);

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> load(p));

        assertEquals(property, e.property());
        assertTrue(e.getMessage().startsWith(property + ": ") && e.getMessage().contains(problem), e.getMessage());
    }

    @Test
    void anS3TargetNeedsARegion() throws Exception {
        Map<String, String> p = defaults();
        p.put("litefleet.target", "s3");
        p.put("litefleet.s3.bucket", "backups");
        p.put("litefleet.s3.region", " ");

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> load(p));

        assertEquals("litefleet.s3.region: must be set", e.getMessage());
    }

    /** A secret kept in the environment for the S3 target does not stop a run to the file target. */
    @Test
    void theFileTargetIgnoresAnIncompleteS3KeyPair() throws Exception {
        Map<String, String> p = defaults();
        p.put("litefleet.s3.secret-key", "from-the-environment");

        assertEquals(List.of(TargetKind.FILE), load(p).targets());
    }

    @ParameterizedTest
    @CsvSource({ "backups", "my.backups-2026", "abc", "a12345678901234567890123456789012345678901234567890123456789012" })
    void validBucketNamesAreAccepted(String bucket) throws Exception {
        Map<String, String> p = defaults();
        p.put("litefleet.target", "s3");
        p.put("litefleet.s3.bucket", bucket);

        assertEquals(bucket, load(p).s3().orElseThrow().bucket());
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "litefleet.s3.connect-timeout; soon; 'soon' is not a duration",
            "litefleet.s3.read-timeout; 0ms; must be longer than zero",
            "litefleet.s3.call-timeout; 0s; must be longer than zero" })
    void aWrongS3TimeoutNamesThePropertyAndWhatIsWrong(String key, String value, String problem) throws Exception {
        Map<String, String> p = defaults();
        p.put("litefleet.target", "s3");
        p.put("litefleet.s3.bucket", "backups");
        p.put(key, value);

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> load(p));

        assertEquals(key, e.property());
        assertTrue(e.getMessage().contains(problem), e.getMessage());
    }
}
