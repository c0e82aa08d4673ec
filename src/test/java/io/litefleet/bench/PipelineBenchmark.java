package io.litefleet.bench;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.management.MBeanServerConnection;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

import io.litefleet.testing.FreePort;
import io.litefleet.testing.S3Server;

/**
 * The whole pipeline (scan, snapshot, LZ4, store, record) for a fleet of changed 1 MB databases, run
 * by the packaged replicator in a process of its own, so its CPU time is its own: to an
 * S3-compatible server in the benchmark's process (storing on disk) and to the file target. The
 * replicator's cycles are started over JMX ({@code runCycleNow}); the first one stores every
 * database, {@code warmUps} more let the JIT compile what the pipeline runs, and each of the
 * {@code warmCycles} measured after them; each cycle but the first follows a write to every database. Against {@code bench/shell-baseline} doing the same job one database at a
 * time with {@code sqlite3}, {@code lz4} and {@code cp}, run before and after LiteFleet.
 * <p>
 * {@code BENCH_REPLICATOR_JVM} (space separated) adds JVM options to the replicator, such as
 * {@code -XX:StartFlightRecording=filename=pipeline.jfr} for a profile.
 */
final class PipelineBenchmark {

    /** One warm cycle: the replicator's CPU per database, and databases per second. */
    record Cycle(double cpuMillisPerDatabase, double perSecond) {
    }

    /** The warm cycles of one target, and their CPU per database by kind of thread (see {@link PackagedReplicator#cpuByThreadKind}). */
    record Target(List<Cycle> cycles, Map<String, Double> threadMillisPerDatabase) {
    }

    record Result(int databases, Target s3, Target file, List<Double> shellPerSecond) {
    }

    private static final ObjectName REPLICATOR = name("org.apache.camel:context=litefleet,type=services,name=Replicator");

    private PipelineBenchmark() {
    }

    static Result run(Path work, int n, int warmUps, int warmCycles) throws Exception {
        Path directory = work.resolve("pipeline-" + n);
        Path data = SqliteFleet.build(directory, n, 1);
        List<Double> shell = new ArrayList<>();
        shell.add(shell(directory, data, n));
        Target s3;
        // S3Proxy's in-memory store takes one lock per allocation; on disk it measures LiteFleet, not that lock
        try (S3Server server = S3Server.onDisk(Measure.fresh(directory.resolve("s3-store")))) {
            s3 = liteFleet(directory.resolve("s3-run"), data, n, warmUps, warmCycles, server.targetProperties());
        }
        Target file = liteFleet(directory.resolve("file-run"), data, n, warmUps, warmCycles, Map.of("litefleet.target", "file"));
        shell.add(shell(directory, data, n));
        return new Result(n, s3, file, shell);
    }

    private static double shell(Path directory, Path data, int n) throws Exception {
        Path out = Measure.fresh(directory.resolve("shell-run"));
        double millis = Measure.time(() -> {
            Process p = new ProcessBuilder("bash", Path.of("bench/shell-baseline").toAbsolutePath().toString(), data.toString(), out.toString())
                    .inheritIO().start();
            if (p.waitFor() != 0) {
                throw new IllegalStateException("bench/shell-baseline failed");
            }
        });
        return n / (millis / 1000);
    }

    /** The packaged replicator: a first cycle storing every database, then the warm cycles measured. */
    private static Target liteFleet(Path run, Path data, int n, int warmUps, int warmCycles, Map<String, String> target) throws Exception {
        Path fresh = Measure.fresh(run);
        Map<String, String> properties = new HashMap<>(target);
        properties.put("litefleet.discovery-pattern", FleetTree.pattern(data));
        properties.put("litefleet.state-directory", fresh.resolve("state").toString());
        properties.put("litefleet.file.directory", fresh.resolve("replica").toString());
        properties.put("litefleet.schedule-enabled", "false");
        int jmxPort = FreePort.pick();
        List<String> jvm = new ArrayList<>(List.of("-Dcom.sun.management.jmxremote.port=" + jmxPort,
                "-Dcom.sun.management.jmxremote.rmi.port=" + jmxPort, "-Dcom.sun.management.jmxremote.host=127.0.0.1",
                "-Dcom.sun.management.jmxremote.authenticate=false", "-Dcom.sun.management.jmxremote.ssl=false"));
        String extra = System.getenv("BENCH_REPLICATOR_JVM");
        if (extra != null && !extra.isBlank()) {
            jvm.addAll(List.of(extra.trim().split("\\s+")));
        }
        try (PackagedReplicator replicator = PackagedReplicator.start(fresh, jvm, properties)) {
            replicator.awaitLog("Replicating ", Duration.ofMinutes(2));
            try (JMXConnector jmx = connect(jmxPort, replicator)) {
                MBeanServerConnection server = jmx.getMBeanServerConnection();
                expectUploads(runCycle(server), n);
                for (int round = 1; round <= warmUps; round++) {
                    writeToEach(data, n, -round);
                    expectUploads(runCycle(server), n);
                }
                List<Cycle> cycles = new ArrayList<>();
                Map<String, Duration> threadsBefore = replicator.cpuByThreadKind();
                for (int round = 1; round <= warmCycles; round++) {
                    writeToEach(data, n, round);
                    Duration cpuBefore = replicator.cpuTime();
                    long start = System.nanoTime();
                    expectUploads(runCycle(server), n);
                    double millis = (System.nanoTime() - start) / 1e6;
                    double cpu = replicator.cpuTime().minus(cpuBefore).toNanos() / 1e6;
                    cycles.add(new Cycle(cpu / n, n / (millis / 1000)));
                }
                Map<String, Double> threads = new java.util.TreeMap<>();
                replicator.cpuByThreadKind().forEach((kind, cpu) -> threads.put(kind,
                        cpu.minus(threadsBefore.getOrDefault(kind, Duration.ZERO)).toNanos() / 1e6 / n / warmCycles));
                return new Target(cycles, threads);
            }
        }
    }

    /** The replicator's JMX connection once its MBean is registered (after Camel started). */
    private static JMXConnector connect(int port, PackagedReplicator replicator) throws Exception {
        JMXServiceURL url = new JMXServiceURL("service:jmx:rmi:///jndi/rmi://127.0.0.1:" + port + "/jmxrmi");
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (true) {
            try {
                JMXConnector jmx = JMXConnectorFactory.connect(url);
                if (jmx.getMBeanServerConnection().isRegistered(REPLICATOR)) {
                    return jmx;
                }
                jmx.close();
            } catch (java.io.IOException e) {
                // not listening yet
            }
            if (!replicator.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("no replicator MBean over JMX:\n" + replicator.log());
            }
            Thread.sleep(100);
        }
    }

    private static String runCycle(MBeanServerConnection server) throws Exception {
        return (String) server.invoke(REPLICATOR, "runCycleNow", new Object[0], new String[0]);
    }

    private static void expectUploads(String summary, int n) {
        if (!summary.contains(n + " changed, " + n + " uploaded")) {
            throw new IllegalStateException("expected " + n + " uploads: " + summary);
        }
    }

    /** A small write to every database, so each has new content for the next cycle. */
    private static void writeToEach(Path data, int n, int round) throws Exception {
        for (int i = 0; i < n; i++) {
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + SqliteFleet.database(data, i));
                 Statement s = c.createStatement()) {
                s.execute("UPDATE row SET body = 'tenant " + i + " round " + round + " " + System.nanoTime() + "' WHERE id = 2");
            }
        }
    }

    private static ObjectName name(String name) {
        try {
            return new ObjectName(name);
        } catch (javax.management.MalformedObjectNameException e) {
            throw new IllegalStateException(e);
        }
    }
}
