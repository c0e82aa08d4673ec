package io.litefleet.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CPU an idle fleet costs: the packaged replicator on its normal 30 s schedule over a fleet where
 * nothing changes, measured over two cycles after two warm-up cycles (JIT compilation, first loads).
 */
final class IdleCpuBenchmark {

    record Result(int databases, Duration cpuPerCycle, Duration wall, long rssKb) {
        double percentOfOneCore() {
            return 100.0 * cpuPerCycle.toNanos() / Duration.ofSeconds(30).toNanos();
        }
    }

    private IdleCpuBenchmark() {
    }

    static Result run(java.nio.file.Path work, int n, List<String> jvmOptions) throws Exception {
        IdleFleet fleet = IdleFleet.prepare(work, n);
        Map<String, String> properties = new HashMap<>(fleet.properties());
        properties.put("litefleet.sync-interval", "30s");
        try (PackagedReplicator replicator = PackagedReplicator.start(fleet.data().resolveSibling("idle-run"), jvmOptions, properties)) {
            replicator.awaitLog("Cycle 2: ", Duration.ofMinutes(3));
            long start = System.nanoTime();
            Duration cpuStart = replicator.cpuTime();
            replicator.awaitLog("Cycle 4: ", Duration.ofMinutes(3));
            Duration cpu = replicator.cpuTime().minus(cpuStart);
            Duration wall = Duration.ofNanos(System.nanoTime() - start);
            if (!replicator.log().contains("Cycle 4: " + String.format("%d databases, 0 changed", n))) {
                throw new IllegalStateException("the fleet was not idle; see the log in " + fleet.data().resolveSibling("idle-run"));
            }
            return new Result(n, cpu.dividedBy(2), wall, replicator.statusKb("VmRSS"));
        }
    }
}
