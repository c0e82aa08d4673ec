package io.litefleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.litefleet.testing.S3Server;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as an operator runs it: a separate JVM, its exit code and what it prints. */
class CommandLineTest {

    @TempDir
    Path work;

    record Result(int exitCode, String stdout, String stderr) {
        List<String> errorLines() {
            return stderr.lines().filter(l -> !l.isBlank()).toList();
        }
    }

    @Test
    void generateThenReplicateOnceExitsZeroWithASummary() throws Exception {
        Result generated = run(List.of(), "generate", "--root", "data", "--tenants", "10");
        assertEquals(0, generated.exitCode(), generated.stderr());
        try (Stream<Path> dbs = Files.walk(work.resolve("data"))) {
            assertEquals(10, dbs.filter(p -> p.toString().endsWith(".db")).count());
        }

        Result once = run(List.of(), "replicate", "--once");

        assertEquals(0, once.exitCode(), once.stdout() + once.stderr());
        assertTrue(once.stdout().contains("replicated: 10 databases, 10 changed, 10 uploaded, 0 failed"), once.stdout());
        try (Stream<Path> objects = Files.walk(work.resolve("replica"))) {
            assertEquals(10, objects.filter(p -> p.toString().endsWith(".db.lz4")).count());
        }
    }

    @Test
    void replicateOnceExitsOneWhenUploadsFail() throws Exception {
        run(List.of(), "generate", "--root", "data", "--tenants", "3");
        List<String> s3 = new ArrayList<>();
        try (S3Server server = S3Server.start()) {
            server.targetProperties().forEach((k, v) -> s3.add("-D" + k + "=" + v));
            server.stop();

            Result once = run(s3, "replicate", "--once");

            assertEquals(1, once.exitCode(), once.stdout() + once.stderr());
            assertTrue(once.stdout().contains("incomplete: 3 databases, 3 changed, 0 uploaded, 3 failed"), once.stdout());
            assertTrue(!once.stdout().contains(S3Server.SECRET_KEY) && !once.stderr().contains(S3Server.SECRET_KEY),
                    "the secret key is never printed");
        }
    }

    @Test
    void aConfigurationMistakeStopsStartUpWithOneLineNamingTheProperty() throws Exception {
        Map<String, String> mistakes = Map.of(
                "-Dlitefleet.target=gcs", "litefleet.target: 'gcs' is not a target",
                "-Dlitefleet.target=s3", "litefleet.s3.bucket: must be set when litefleet.target=s3",
                "-Dlitefleet.sync-interval=soon", "litefleet.sync-interval: 'soon' is not a duration",
                "-Dlitefleet.discovery-pattern=data/tenants.db", "litefleet.discovery-pattern: 'data/tenants.db' has no * wildcard");
        for (Map.Entry<String, String> mistake : mistakes.entrySet()) {
            Result result = run(List.of(mistake.getKey()), "replicate", "--once");

            assertEquals(2, result.exitCode(), mistake.getKey());
            assertEquals(1, result.errorLines().size(), result.stderr());
            assertTrue(result.errorLines().get(0).startsWith("litefleet: invalid configuration: " + mistake.getValue()),
                    result.errorLines().get(0));
            assertTrue(Stream.of(result.stdout(), result.stderr()).noneMatch(s -> s.contains("\tat ")), "no stack trace");
        }
    }

    private Result run(List<String> jvmOptions, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("-Dcamel.server.port=" + freePort());
        command.addAll(jvmOptions);
        command.add("io.litefleet.LiteFleet");
        command.addAll(List.of(args));
        Path out = work.resolve("stdout.txt");
        Path err = work.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).directory(work.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "finished: " + String.join(" ", args));
        return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
