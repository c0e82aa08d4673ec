package io.litefleet.testing;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * LiteFleet in a JVM of its own, for what only a separate process shows: signals, {@code kill -9},
 * exit codes. Runs in {@code work} (so {@code data/} and {@code .litefleet/} are its defaults), pointed
 * at {@code s3}, with its output in {@code log}.
 */
public final class ReplicatorProcess {

    private ReplicatorProcess() {
    }

    public static Process start(Path work, S3Server s3, Path log, List<String> options, String... args) throws IOException {
        return start(work, s3.targetProperties(), log, options, args);
    }

    /** With the file target of its configuration ({@code replica/} by default). */
    public static Process start(Path work, Path log, List<String> options, String... args) throws IOException {
        return start(work, Map.of(), log, options, args);
    }

    /** With the target given as properties (e.g. {@code litefleet.target=file}). */
    public static Process start(Path work, Map<String, String> target, Path log, List<String> options, String... args)
            throws IOException {
        List<String> command = ChildJvm.java();
        command.addAll(List.of("-cp", classPath(), "-Dcamel.server.port=" + FreePort.pick()));
        command.addAll(options);
        target.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("io.litefleet.cli.LiteFleet");
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /**
     * This JVM's class path as an operator's would be. Surefire's ends with an empty element, which
     * Java reads as the working directory: a child started with it would find its working
     * directory's files ({@code routes/}, {@code application.properties}) as class path resources.
     */
    public static String classPath() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isEmpty() && !entry.equals("."))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
