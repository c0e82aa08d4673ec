package io.litefleet.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import io.litefleet.sample.SampleFleet;
import io.litefleet.testing.RunningLiteFleet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With the schedule on, the quartz route runs cycle after cycle by itself. */
class ScheduledCyclesTest {

    @TempDir
    Path work;

    @Test
    void cyclesRunEverySyncInterval() throws Exception {
        SampleFleet.generate(work.resolve("data"), 4, 5);
        try (RunningLiteFleet fleet = RunningLiteFleet.start(work,
                Map.of("litefleet.schedule-enabled", "true", "litefleet.sync-interval", "1s"))) {
            long deadline = System.nanoTime() + 30_000_000_000L;
            Map<String, Object> stats = fleet.stats();
            while (((Number) stats.get("cycles")).intValue() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                stats = fleet.stats();
            }
            assertTrue(((Number) stats.get("cycles")).intValue() >= 3, "cycles ran on their own: " + stats);
            assertEquals(4, stats.get("uploads_success"), "the first cycle uploaded everything, the others nothing");
            assertEquals(0, stats.get("changed_last_cycle"));
        }
    }
}
