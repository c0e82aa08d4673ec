package io.litefleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.litefleet.stats.CycleReport;
import io.litefleet.testing.RecordingProxy;
import io.litefleet.testing.RecordingProxy.Request;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.S3Server;
import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a replication cycle's PutObject looks like on the wire. Since 2.30 the AWS SDK sends every
 * PutObject as {@code Content-Encoding: aws-chunked} with a CRC32 trailer by default, which many
 * S3-compatible servers refuse (400 XAmzContentSHA256Mismatch) or store with the chunk framing as
 * the object's body. By default LiteFleet sends a plain body; checksums only on request.
 */
class S3CompatibilityTest {

    @TempDir
    Path work;

    @Test
    void aDefaultPutObjectIsAPlainBodyWithoutChecksumTrailer() throws Exception {
        Request put = snapshotPut(Map.of());

        assertEquals(List.of(), put.header("content-encoding").stream().filter(e -> e.contains("aws-chunked")).toList(),
                "no aws-chunked encoding: " + put.headers());
        assertTrue(put.header("x-amz-trailer").isEmpty(), "no checksum trailer: " + put.headers());
        assertFalse(put.header("x-amz-content-sha256").orElse("").startsWith("STREAMING-"),
                "the payload hash of a plain body, not a streaming one: " + put.headers());
        assertTrue(put.header("x-amz-decoded-content-length").isEmpty(), "no decoded length, there is no encoding: " + put.headers());
        assertTrue(put.header("content-md5").isPresent(), "the body's MD5, which S3 checks before it stores anything: " + put.headers());
    }

    @Test
    void whenSupportedSendsTheSdksChecksums() throws Exception {
        Request put = snapshotPut(Map.of("litefleet.s3.checksums", "when-supported"));

        assertTrue(put.header("x-amz-trailer").orElse("").startsWith("x-amz-checksum-")
                        || put.headers().keySet().stream().anyMatch(h -> h.startsWith("x-amz-checksum-")),
                "a checksum, as the SDK sends it by default: " + put.headers());
    }

    /** The PUT of the one snapshot a cycle uploads, as it reached the server. */
    private Request snapshotPut(Map<String, String> properties) throws Exception {
        Path tenants = Files.createDirectories(work.resolve("data/acme/databases/orders/branches/main/tenants"));
        Sqlite.execute(tenants.resolve("t1.db"), "CREATE TABLE items (id INTEGER PRIMARY KEY, v TEXT)", "INSERT INTO items (v) VALUES ('one')");
        try (S3Server s3 = S3Server.start(); RecordingProxy wire = new RecordingProxy(s3.endpoint())) {
            Map<String, String> all = new HashMap<>(s3.targetProperties());
            all.put("litefleet.s3.endpoint", wire.endpoint().toString());
            all.putAll(properties);
            try (RunningLiteFleet fleet = RunningLiteFleet.start(work, all)) {
                CycleReport report = fleet.runCycle();
                assertEquals(1, report.uploaded(), "stored by S3Proxy, which decodes either form");
            }
            List<Request> puts = wire.requests("PUT", "acme/orders/main/t1/");
            assertEquals(1, puts.size(), "one PUT of the snapshot: " + wire.requests());
            return puts.get(0);
        }
    }
}
