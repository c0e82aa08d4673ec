package io.litefleet.testing;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Predicate;

/** Waits for something a running replicator does on its own time, without a timed assertion. */
public final class Await {

    private static final long POLL_MILLIS = 20;

    private Await() {
    }

    /**
     * Polls {@code condition} (which may act, such as run a scan) until it holds.
     *
     * @throws AssertionError naming {@code what} when it does not hold within {@code timeout}
     */
    public static void until(Duration timeout, String what, Callable<Boolean> condition) throws Exception {
        value(timeout, what, condition, Boolean::booleanValue);
    }

    /**
     * Reads {@code read} until {@code done} accepts what it read, and returns that.
     *
     * @throws AssertionError naming {@code what} and the last value read when none is accepted within {@code timeout}
     */
    public static <T> T value(Duration timeout, String what, Callable<T> read, Predicate<T> done) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T value = read.call();
        while (!done.test(value)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout + ": " + what + "; last: " + value);
            }
            Thread.sleep(POLL_MILLIS);
            value = read.call();
        }
        return value;
    }
}
