package io.litefleet.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import io.litefleet.sample.SampleFleet;
import io.litefleet.testing.Await;
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
            Map<String, Object> stats = Await.value(Duration.ofSeconds(30), "three cycles run on their own", fleet::stats,
                    s -> ((Number) s.get("cycles")).intValue() >= 3);
            assertEquals(4, stats.get("uploads_success"), "the first cycle uploaded everything, the others nothing");
            assertEquals(0, stats.get("changed_last_cycle"));
        }
    }
}
