package io.litefleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.litefleet.testing.FreePort;

/**
 * {@code java -jar target/litefleet.jar} in a process of its own, as an operator runs it, so its
 * CPU time and resident memory are its own and nothing of the benchmark's.
 */
final class PackagedReplicator implements AutoCloseable {

    static final Path JAR = Path.of(System.getProperty("bench.jar", "target/litefleet.jar")).toAbsolutePath();

    private final Process process;
    private final Path log;

    private PackagedReplicator(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    static PackagedReplicator start(Path directory, List<String> jvmOptions, Map<String, String> properties, String... args)
            throws IOException {
        if (!Files.exists(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run bench/run, which builds it");
        }
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(jvmOptions);
        command.add("-Dcamel.server.port=" + FreePort.pick());
        properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        Files.createDirectories(directory);
        Path log = directory.resolve("litefleet.log");
        Process process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new PackagedReplicator(process, log);
    }

    /** Waits until the log has a line containing {@code text}. */
    void awaitLog(String text, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.readString(log).contains(text)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the replicator exited before logging '" + text + "'; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no '" + text + "' in " + log + " after " + timeout);
            }
            Thread.sleep(50);
        }
    }

    /** CPU time (user + system) the process used so far. */
    Duration cpuTime() {
        return process.toHandle().info().totalCpuDuration().orElseThrow();
    }

    /**
     * CPU time (user + system) so far of the process's live threads, by kind: the thread name
     * without its digits ("GC Thread#", "C2 CompilerThre", "Camel (litefleet) thread # - Split"
     * as Linux shortens it to 15 characters). Threads that ended are not counted.
     */
    Map<String, Duration> cpuByThreadKind() throws IOException {
        Map<String, Duration> cpu = new java.util.TreeMap<>();
        long tickNanos = 1_000_000_000L / 100; // USER_HZ, 100 on Linux
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(process.pid()), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                String stat;
                String name;
                try {
                    stat = Files.readString(task.resolve("stat"));
                    name = Files.readString(task.resolve("comm")).strip();
                } catch (IOException e) {
                    continue; // the thread ended meanwhile
                }
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // after the name: state is field 3 of stat, utime 14 and stime 15
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                cpu.merge(name.replaceAll("[0-9]", ""), Duration.ofNanos(ticks * tickNanos), Duration::plus);
            }
        }
        return cpu;
    }

    /** A field of /proc/PID/status in kB, such as VmRSS or VmHWM (the peak RSS so far); -1 once the process is gone. */
    long statusKb(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process exited between two reads
        }
        return -1;
    }

    /** SIGKILL, as a crash or the OOM killer would: no shutdown hook runs. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    int waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the replicator did not exit within " + timeout + "; see " + log);
        }
        return process.exitValue();
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
