package io.litefleet.stats;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Map;

import io.litefleet.sample.SampleFleet;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.S3Server;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** The scan and cycle durations are the cycle's own: a target's owner-marker heartbeat before it is left out. */
class ScanDurationTest {

    @TempDir
    Path work;

    static final class SlowMarker extends ForwardingBlobStore {
        SlowMarker(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public PutObjectResponse putBlob(PutObjectRequest request, InputStream content) {
            if (request.key().startsWith(".litefleet/")) {
                try {
                    Thread.sleep(3000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return super.putBlob(request, content);
        }
    }

    @Test
    void theScanDurationLeavesTheOwnerMarkerOut() throws Exception {
        SampleFleet.generate(work.resolve("data"), 1, 10);
        try (S3Server s3 = S3Server.start(SlowMarker::new);
             RunningLiteFleet fleet = RunningLiteFleet.start(work, s3.targetProperties())) {
            fleet.runCycle();
            Map<String, Object> stats = fleet.stats();
            long scan = ((Number) stats.get("last_scan_duration_ms")).longValue();
            assertTrue(scan < 2500, "last_scan_duration_ms " + scan + " counts the 3 s owner-marker PUT");
        }
    }
}
