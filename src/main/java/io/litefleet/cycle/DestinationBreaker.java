package io.litefleet.cycle;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.litefleet.stats.ReplicationStats;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stops a cycle from starting uploads once the destination failed {@code litefleet.destination.max-consecutive-failures}
 * of them in a row: against a dead or hung destination every further upload would only wait for
 * its own timeout. The databases not attempted stay changed and count as left for the next cycle,
 * which tries the destination afresh. Uploads already under way finish; a failure of the database
 * itself (unreadable, corrupt) says nothing about the destination and does not count.
 */
public final class DestinationBreaker {

    private static final Logger LOG = LoggerFactory.getLogger(DestinationBreaker.class);

    private final int maxConsecutiveFailures;
    private final String target;
    private final AtomicInteger consecutiveFailures = new AtomicInteger();
    private final AtomicBoolean open = new AtomicBoolean();

    public DestinationBreaker(String target, int maxConsecutiveFailures) {
        this.target = target;
        this.maxConsecutiveFailures = maxConsecutiveFailures;
    }

    /** Every cycle tries the destination again. */
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
            LOG.warn("No more uploads to {} this cycle, destination unavailable: {} failed in a row ({}); "
                    + "the other changed databases wait for the next cycle", target, maxConsecutiveFailures, reason);
        }
    }
}
