package io.litefleet.cycle;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a cycle from starting uploads once the target failed {@code litefleet.target.max-consecutive-failures}
 * of them in a row: against a dead or hung target every further upload would only wait for
 * its own timeout. The databases not attempted stay changed and count as left for the next cycle,
 * which tries the target afresh. Uploads already under way finish; a failure of the database
 * itself (unreadable, corrupt) says nothing about the target and does not count.
 */
public final class TargetBreaker {

    private static final Logger LOG = LoggerFactory.getLogger(TargetBreaker.class);

    private final int maxConsecutiveFailures;
    private final String target;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicBoolean open = new AtomicBoolean();

    public TargetBreaker(String target, int maxConsecutiveFailures) {
        this.target = target;
        this.maxConsecutiveFailures = maxConsecutiveFailures;
    }

    /** Every cycle tries the target again. */
    void cycleStarted() {
        consecutiveFailures.set(0);
        open.set(false);
    }

    /** Once open, the cycle's other databases are left for the next cycle (see {@link Targets#ready}). */
    boolean isOpen() {
        return open.get();
    }

    void succeeded() {
        consecutiveFailures.set(0);
    }

    void failed(String reason) {
        if (consecutiveFailures.incrementAndGet() >= maxConsecutiveFailures && open.compareAndSet(false, true)) {
            LOG.warn("No more uploads to {} this cycle, target unavailable: {} failed in a row ({}); "
                    + "the other changed databases wait for the next cycle", target, maxConsecutiveFailures, reason);
        }
    }
}
