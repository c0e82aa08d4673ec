package io.litefleet.cycle;

import java.util.concurrent.Semaphore;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * One cycle at a time, whoever starts it: the quartz trigger (stateful, so it never overlaps
 * itself), {@code replicate --once}, or {@code runCycleNow()} over JMX. A cycle that finds another
 * running waits for it. A semaphore, not a lock: a parallel split finishes the cycle on one of its
 * worker threads, not the one that started it.
 */
public final class CycleGuard implements Processor {

    private final Semaphore running = new Semaphore(1);

    @Override
    public void process(Exchange exchange) throws InterruptedException {
        running.acquire();
        if (exchange.getContext().isStopping()) {
            // waited for a cycle while SIGTERM arrived: no new cycle
            running.release();
            exchange.setRouteStop(true);
            return;
        }
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                running.release();
            }
        });
    }

    /**
     * Runs {@code step} while no cycle runs: after the cycle in progress, if any, before the next.
     * A member of a sharded group gives up a shard so: no cycle still uses its states when they close.
     */
    public void between(Runnable step) {
        running.acquireUninterruptibly();
        try {
            step.run();
        } finally {
            running.release();
        }
    }
}
