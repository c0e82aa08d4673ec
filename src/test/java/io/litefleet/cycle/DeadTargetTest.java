package io.litefleet.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.litefleet.sample.SampleFleet;
import io.litefleet.stats.CycleReport;
import io.litefleet.testing.LogCapture;
import io.litefleet.testing.ReplicatorProcess;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.S3Server;
import io.litefleet.testing.SilentEndpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An S3 endpoint that accepts connections and never answers costs a cycle one bounded wait, not
 * minutes: every call has a connect, read and whole-call limit, and after a few target
 * failures in a row the cycle starts no more uploads. When the endpoint answers again, the next
 * cycle uploads everything.
 */
class DeadTargetTest {

    private static final int DATABASES = 20;
    private static final int MAX_FAILURES = 3;
    private static final int CONCURRENCY = 2;

    @TempDir
    Path work;

    @Test
    void aSilentEndpointCostsACycleAFewBoundedAttemptsAndTheNextCycleUploadsEverything() throws Exception {
        SampleFleet.generate(work.resolve("data"), DATABASES, 10);
        try (S3Server s3 = S3Server.start(); SilentEndpoint silent = new SilentEndpoint()) {
            Map<String, String> properties = new HashMap<>(s3.targetProperties());
            properties.put("litefleet.s3.endpoint", silent.endpoint().toString());
            properties.put("litefleet.s3.connect-timeout", "1s");
            properties.put("litefleet.s3.read-timeout", "1s");
            properties.put("litefleet.s3.call-timeout", "3s");
            properties.put("litefleet.target.max-consecutive-failures", Integer.toString(MAX_FAILURES));
            properties.put("litefleet.max-concurrent-uploads", Integer.toString(CONCURRENCY));
            try (RunningLiteFleet fleet = RunningLiteFleet.start(work, properties); LogCapture logs = LogCapture.capture()) {

                // bounded by the settings: at most MAX_FAILURES + CONCURRENCY - 1 calls of 3 s each,
                // CONCURRENCY at a time, so a few seconds; today each call hangs for minutes
                CycleReport down = assertTimeoutPreemptively(Duration.ofSeconds(90), fleet::runCycle);

                assertEquals(DATABASES, down.changed());
                assertEquals(0, down.uploaded());
                assertTrue(down.failed() >= MAX_FAILURES && down.failed() <= MAX_FAILURES + CONCURRENCY - 1,
                        "uploads attempted before the cycle stopped starting them: " + down.failed());
                assertEquals(DATABASES - down.failed(), down.deferred(), "the others wait for the next cycle");
                assertFalse(down.allReplicated(), "replicate --once exits 1");
                assertEquals(1, logs.warningsAbout("target unavailable").size(), "one line for the cycle: " + logs.lines());
                assertEquals(List.of(), logs.lines().stream().filter(LogCapture.Line::hasStackTrace).toList(), "no stack traces");
                assertTrue(logs.warningsAbout("Not replicated").stream().allMatch(l -> l.message().contains("timed out")
                        || l.message().contains("timeout")), "the reason names the timeout: " + logs.lines());

                silent.forwardTo(s3.endpoint());
                CycleReport back = fleet.runCycle();

                assertEquals(DATABASES, back.changed(), "nothing was replicated, so everything is still changed");
                assertEquals(DATABASES, back.uploaded());
                assertTrue(back.allReplicated());
                assertEquals(DATABASES, s3.keys().size());
            }
        }
    }

    @Test
    void aFileTargetThatRefusesEveryWriteStopsTheCycleTheSameWay() throws Exception {
        SampleFleet.generate(work.resolve("data"), DATABASES, 10);
        Map<String, String> properties = Map.of("litefleet.target.max-consecutive-failures", Integer.toString(MAX_FAILURES),
                "litefleet.max-concurrent-uploads", "1");
        try (RunningLiteFleet fleet = RunningLiteFleet.start(work, properties); LogCapture logs = LogCapture.capture()) {
            // every project's directory is taken by a plain file: no object can be written
            List<Path> blockers = List.of(fleet.replica().resolve("acme"), fleet.replica().resolve("globex"));
            for (Path blocker : blockers) {
                Files.createDirectories(blocker.getParent());
                Files.writeString(blocker, "not a directory");
            }

            CycleReport down = fleet.runCycle();

            assertEquals(MAX_FAILURES, down.failed(), "one at a time: exactly the failures in a row, then none started");
            assertEquals(DATABASES - MAX_FAILURES, down.deferred());
            assertFalse(down.allReplicated());
            assertEquals(1, logs.warningsAbout("target unavailable").size(), "one line for the cycle: " + logs.lines());

            for (Path blocker : blockers) {
                Files.delete(blocker);
            }
            CycleReport back = fleet.runCycle();

            assertEquals(DATABASES, back.uploaded());
            assertTrue(back.allReplicated());
        }
    }

    @Test
    void theReadingCommandsGiveUpOnASilentEndpointAfterTheCallTimeout() throws Exception {
        try (S3Server s3 = S3Server.start(); SilentEndpoint silent = new SilentEndpoint()) {
            Map<String, String> properties = new HashMap<>(s3.targetProperties());
            properties.put("litefleet.s3.endpoint", silent.endpoint().toString());
            properties.put("litefleet.s3.call-timeout", "2s");
            Path log = work.resolve("snapshots.log");

            Process snapshots = ReplicatorProcess.start(work, properties, log, List.of(), "snapshots", "acme/orders/main/t00000");
            try {
                // a listing that never gets an answer: one call timeout, where the SDK's defaults wait
                // 30 s per attempt, three attempts
                assertTrue(snapshots.waitFor(60, TimeUnit.SECONDS), "snapshots gave up");
                assertNotEquals(0, snapshots.exitValue(), Files.readString(log));
                assertTrue(silent.accepted() > 0, "it did try the endpoint");
            } finally {
                snapshots.destroyForcibly();
            }
        }
    }
}
