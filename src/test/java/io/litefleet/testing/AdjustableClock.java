package io.litefleet.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A wall clock a test can set wrong, as an operator's NTP mishap would: the real time shifted by an
 * offset, or frozen at one instant.
 */
public final class AdjustableClock extends Clock {

    private volatile Duration offset = Duration.ZERO;
    private volatile Instant frozenAt;

    /** From now on, the real time plus {@code offset} (negative: behind). */
    public void shift(Duration offset) {
        this.offset = offset;
        this.frozenAt = null;
    }

    /** From now on, always {@code instant}. */
    public void freeze(Instant instant) {
        this.frozenAt = instant;
    }

    @Override
    public Instant instant() {
        Instant frozen = frozenAt;
        return frozen != null ? frozen : Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("LiteFleet works in UTC");
    }
}
