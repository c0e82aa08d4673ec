package io.litefleet.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The shaded jar {@code mvn package} builds, run as {@code java -jar} the way an operator runs it (the ITs). */
public final class PackagedJar {

    public static final Path JAR = Path.of("target", "litefleet.jar").toAbsolutePath();

    private PackagedJar() {
    }

    /**
     * Runs a command in {@code work}, its output (stdout and stderr) in {@code work/output.txt}.
     *
     * @return its exit code
     */
    public static int run(Path work, List<String> jvmOptions, Map<String, String> environment, String... args) throws Exception {
        List<String> command = ChildJvm.java();
        command.add("-Dcamel.server.port=" + FreePort.pick());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(work.resolve("output.txt").toFile());
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "exited within 300 s: " + args[0]);
        return process.exitValue();
    }
}
