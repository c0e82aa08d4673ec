package io.litefleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar target/litefleet.jar} from another directory: the shaded jar carries the routes,
 * the defaults and every component the routes use, with nothing from the test classpath.
 */
class PackagedJarIT {

    private static final Path JAR = Path.of("target", "litefleet.jar").toAbsolutePath();

    @TempDir
    Path work;

    @Test
    void theJarGeneratesAndReplicatesFromAnyDirectory() throws Exception {
        assertEquals(0, run("generate", "--root", "data", "--tenants", "4"));

        assertEquals(0, run("replicate", "--once"));

        List<Path> objects;
        try (Stream<Path> files = Files.walk(work.resolve("replica"))) {
            objects = files.filter(p -> p.toString().endsWith(".db.lz4")).toList();
        }
        assertEquals(4, objects.size());
        Path restored = Sqlite.decompress(Files.newInputStream(objects.get(0)), work.resolve("restored.db"));
        assertEquals("ok", Sqlite.integrityCheck(restored));
    }

    private int run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dcamel.server.port=" + freePort(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Path log = work.resolve("output.txt");
        Process process = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        if (process.exitValue() != 0) {
            System.out.println(Files.readString(log));
        }
        return process.exitValue();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
