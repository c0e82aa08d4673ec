package io.litefleet.storage;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class OwnerMarkerTest {

    private static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    private static OwnerMarker heartbeatAt(Instant heartbeat) {
        return new OwnerMarker("other-state", "other-run", "other-host", "/var/lib/litefleet", heartbeat, Duration.ofSeconds(30));
    }

    @Test
    void aHeartbeatWithinThreeIntervalsHoldsTheTarget() {
        assertTrue(heartbeatAt(NOW.minusSeconds(89)).freshAt(NOW));
        assertFalse(heartbeatAt(NOW.minusSeconds(91)).freshAt(NOW));
    }

    /** A dead replicator whose clock ran a year ahead must not hold the target for a year. */
    @Test
    void aHeartbeatFromFarInTheFutureIsNotTrusted() {
        assertTrue(heartbeatAt(NOW.plusSeconds(60)).freshAt(NOW), "clocks a little apart");
        assertFalse(heartbeatAt(NOW.plus(Duration.ofDays(365))).freshAt(NOW));
    }
}
