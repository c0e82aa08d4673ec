package io.litefleet.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import io.litefleet.sample.SampleFleet;
import io.litefleet.stats.CycleReport;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.S3Server;
import io.litefleet.testing.SlowPutBlobStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uploads run in parallel up to litefleet.max-concurrent-uploads, measured at the S3 server. */
class UploadConcurrencyTest {

    @TempDir
    Path work;

    @Test
    void uploadsOverlapUpToOneHundredAndNeverMore() throws Exception {
        SampleFleet.generate(work.resolve("data"), 150, 5);
        AtomicReference<SlowPutBlobStore> slow = new AtomicReference<>();
        try (S3Server s3 = S3Server.start(store -> {
                 slow.set(new SlowPutBlobStore(store, 95, 2_000));
                 return slow.get();
             });
             RunningLiteFleet fleet = RunningLiteFleet.start(work, s3.targetProperties())) {

            CycleReport report = fleet.runCycle();

            assertEquals(150, report.uploaded(), report.summary());
            // Camel's parallel split may run its own bookkeeping on one of the pool's threads, so the
            // peak is 99 or 100 uploads; what must never happen is more than the pool, or far fewer.
            int peak = slow.get().maxInFlight();
            assertTrue(peak >= 95 && peak <= 100, "uploads in flight at once, as the S3 server saw them: " + peak);
            assertEquals(150, s3.keys().size());
        }
    }
}
