package io.litefleet.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * LiteFleet in a JVM of its own, for what only a separate process shows: signals, {@code kill -9},
 * exit codes. Runs in {@code work} (so {@code data/} and {@code .litefleet/} are its defaults), pointed
 * at {@code s3}, with its output in {@code log}.
 */
public final class ReplicatorProcess {

    private ReplicatorProcess() {
    }

    public static Process start(Path work, S3Server s3, Path log, List<String> options, String... args) throws IOException {
        List<String> all = new ArrayList<>(options);
        s3.targetProperties().forEach((k, v) -> all.add("-D" + k + "=" + v));
        return start(work, log, all, args);
    }

    /** With the file target of its configuration ({@code replica/} by default). */
    public static Process start(Path work, Path log, List<String> options, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Dcamel.server.port=" + FreePort.pick()));
        command.addAll(options);
        command.add("io.litefleet.LiteFleet");
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
