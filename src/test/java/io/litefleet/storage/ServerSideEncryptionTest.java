package io.litefleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.litefleet.model.StoredSnapshot;
import io.litefleet.restore.SnapshotRestorer;
import io.litefleet.stats.CycleReport;
import io.litefleet.testing.LogCapture;
import io.litefleet.testing.RecordingProxy.Request;
import io.litefleet.testing.RecordingProxy;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.S3Server;
import io.litefleet.testing.Sqlite;
import io.litefleet.testing.TestSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server-side encryption as S3 receives it: the headers of litefleet.s3.sse on every PUT (snapshots
 * and the owner marker), and with SSE-C the customer key on every PUT and every GET, the restore's
 * included, since S3 keeps no copy of it.
 */
class ServerSideEncryptionTest {

    private static final String TENANT = "acme/orders/main/t1/";
    /** 32 bytes, as openssl rand -base64 32 makes them. */
    private static final String CUSTOMER_KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    @TempDir
    Path work;

    @Test
    void sseS3IsAskedForOnEveryPut() throws Exception {
        try (S3Server s3 = S3Server.start(); RecordingProxy wire = new RecordingProxy(s3.endpoint())) {
            replicateOnce(s3, wire, Map.of("litefleet.s3.sse", "AES256"));

            List<Request> puts = wire.requests().stream().filter(r -> r.method().equals("PUT") && !r.key().isEmpty()).toList();
            assertEquals(3, puts.size(), "the snapshot and the owner marker, twice: " + wire.requests());
            for (Request put : puts) {
                assertEquals("AES256", put.header("x-amz-server-side-encryption").orElse(null), put.key() + ": " + put.headers());
            }
        }
    }

    @Test
    void sseKmsNamesTheKeyOnEveryPut() throws Exception {
        try (S3Server s3 = S3Server.start(); RecordingProxy wire = new RecordingProxy(s3.endpoint())) {
            replicateOnce(s3, wire, Map.of("litefleet.s3.sse", "aws:kms", "litefleet.s3.sse-kms-key-id", "alias/litefleet"));

            Request put = wire.requests("PUT", TENANT).get(0);
            assertEquals("aws:kms", put.header("x-amz-server-side-encryption").orElse(null), put.headers().toString());
            assertEquals("alias/litefleet", put.header("x-amz-server-side-encryption-aws-kms-key-id").orElse(null), put.headers().toString());
        }
    }

    @Test
    void sseCustomerKeyGoesWithEveryPutAndEveryGetAndIsNeverLogged() throws Exception {
        try (S3Server s3 = S3Server.start(); RecordingProxy wire = new RecordingProxy(s3.endpoint()); LogCapture logs = LogCapture.capture()) {
            Map<String, String> properties = replicateOnce(s3, wire, Map.of("litefleet.s3.sse-customer-key", CUSTOMER_KEY));

            Request put = wire.requests("PUT", TENANT).get(0);
            assertCustomerKey(put);
            assertCustomerKey(wire.requests("PUT", OwnerMarker.RESERVED_PREFIX).get(0));
            // the second cycle's heartbeat reads the owner marker back
            assertCustomerKey(wire.requests("GET", OwnerMarker.RESERVED_PREFIX).get(0));

            try (Target store = new S3Target(TestSettings.load(properties).s3().orElseThrow(), 2)) {
                StoredSnapshot snapshot = new SnapshotCatalog(store, note -> { }).snapshotsOf(TENANT.substring(0, TENANT.length() - 1)).get(0);
                Path restored = work.resolve("restored.db");
                new SnapshotRestorer(store).restore(snapshot, restored, false);
                assertEquals(List.of("secret"), Sqlite.rows(restored, "SELECT v FROM items"));
            }
            assertCustomerKey(wire.requests("GET", TENANT).get(0));
            String key = s3.keys().get(0);
            Exception withoutKey = assertThrows(Exception.class, () -> s3.bytes(key));
            assertTrue(withoutKey.getMessage().contains("400"), "stored with the key: no GET without it: " + withoutKey.getMessage());
            assertTrue(logs.lines().stream().noneMatch(l -> l.message().contains(CUSTOMER_KEY)), "the key is never logged");
            assertFalse(TestSettings.load(properties).s3().orElseThrow().toString().contains(CUSTOMER_KEY));
        }
    }

    @Test
    void aWrongSseSettingIsOneLineNamingTheProperty() {
        Map<Map<String, String>, String> mistakes = Map.of(
                Map.of("litefleet.s3.sse", "aes256"), "litefleet.s3.sse: 'aes256' is not a server-side encryption; use none, AES256 or aws:kms",
                Map.of("litefleet.s3.sse-kms-key-id", "alias/k"), "litefleet.s3.sse-kms-key-id: is set but litefleet.s3.sse is none, not aws:kms",
                Map.of("litefleet.s3.sse-customer-key", "c2hvcnQ="),
                "litefleet.s3.sse-customer-key: must be the base64 of a 256-bit key (32 bytes, e.g. from: openssl rand -base64 32)",
                Map.of("litefleet.s3.sse", "AES256", "litefleet.s3.sse-customer-key", CUSTOMER_KEY),
                "litefleet.s3.sse-customer-key: SSE-C replaces litefleet.s3.sse, which is AES256: set it to none",
                Map.of("litefleet.s3.checksums", "always"), "litefleet.s3.checksums: 'always' must be when-required or when-supported");
        mistakes.forEach((properties, message) -> {
            Exception refused = assertThrows(Exception.class, () -> TestSettings.load(properties));
            assertEquals(message, refused.getMessage());
        });
    }

    private static void assertCustomerKey(Request request) throws Exception {
        String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(Base64.getDecoder().decode(CUSTOMER_KEY)));
        assertEquals("AES256", request.header("x-amz-server-side-encryption-customer-algorithm").orElse(null), request.headers().toString());
        assertEquals(CUSTOMER_KEY, request.header("x-amz-server-side-encryption-customer-key").orElse(null));
        assertEquals(md5, request.header("x-amz-server-side-encryption-customer-key-md5").orElse(null));
    }

    /** Two cycles of a replicator through the proxy: the first uploads the one database, the second reads the owner marker back. */
    private Map<String, String> replicateOnce(S3Server s3, RecordingProxy wire, Map<String, String> sse) throws Exception {
        Path tenants = Files.createDirectories(work.resolve("data/acme/databases/orders/branches/main/tenants"));
        Sqlite.execute(tenants.resolve("t1.db"), "CREATE TABLE items (id INTEGER PRIMARY KEY, v TEXT)", "INSERT INTO items (v) VALUES ('secret')");
        Map<String, String> properties = new HashMap<>(s3.targetProperties());
        properties.put("litefleet.s3.endpoint", wire.endpoint().toString());
        properties.putAll(sse);
        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, properties)) {
            CycleReport report = fleet.runCycle();
            assertEquals(1, report.changed());
            fleet.runCycle();
        }
        return properties;
    }
}
