package io.litefleet.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CPU an idle fleet costs: the packaged replicator on its normal 30 s schedule over a fleet where
 * nothing changes, measured from the end of its second cycle (past JIT compilation and first loads)
 * over {@code cycles} more: either walking the whole fleet every cycle, or with file events and no
 * whole walk in the window (the interval is set longer than the window). With file events, a whole
 * walk comes every {@code litefleet.full-scan-interval}; {@link #averageWithWholeWalkEvery} adds its
 * share to the watched cycles.
 */
final class IdleCpuBenchmark {

    record Result(int databases, Duration cpuPerCycle, Duration wall, long rssKb) {
        double percentOfOneCore() {
            return 100.0 * cpuPerCycle.toNanos() / Duration.ofSeconds(30).toNanos();
        }
    }

    private IdleCpuBenchmark() {
    }

    /** The CPU per cycle when one cycle in {@code every} is a whole walk and the others are watched. */
    static Duration averageWithWholeWalkEvery(int every, Result whole, Result watched) {
        return watched.cpuPerCycle().plus(whole.cpuPerCycle().minus(watched.cpuPerCycle()).dividedBy(every));
    }

    static Result run(java.nio.file.Path work, int n, boolean watch, int cycles) throws Exception {
        IdleFleet fleet = IdleFleet.prepare(work, n);
        Map<String, String> properties = new HashMap<>(fleet.properties());
        properties.put("litefleet.sync-interval", "30s");
        properties.put("litefleet.watch-directories", Boolean.toString(watch));
        properties.put("litefleet.full-scan-interval", "1h");
        try (PackagedReplicator replicator = PackagedReplicator.start(fleet.data().resolveSibling("idle-run"), List.of(), properties)) {
            replicator.awaitLog("Cycle 2: ", Duration.ofMinutes(3));
            long start = System.nanoTime();
            Duration cpuStart = replicator.cpuTime();
            String last = "Cycle " + (2 + cycles) + ": ";
            replicator.awaitLog(last, Duration.ofSeconds(30L * cycles + 120));
            Duration cpu = replicator.cpuTime().minus(cpuStart);
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            if (!replicator.log().contains(last + String.format("%d databases, 0 changed", n))) {
                throw new IllegalStateException("the fleet was not idle; see the log in " + fleet.data().resolveSibling("idle-run"));
            }
            return new Result(n, cpu.dividedBy(cycles), wall, replicator.statusKb("VmRSS"));
        }
    }
}
