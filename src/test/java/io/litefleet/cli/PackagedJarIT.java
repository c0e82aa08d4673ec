package io.litefleet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.litefleet.testing.PackagedJar;
import io.litefleet.testing.S3Server;
import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar target/litefleet.jar} from another directory: the shaded jar carries the routes,
 * the defaults and every component the routes use, with nothing from the test classpath.
 */
class PackagedJarIT {

    @TempDir
    Path work;

    @Test
    void theJarGeneratesAndReplicatesFromAnyDirectory() throws Exception {
        assertEquals(0, run(List.of(), "generate", "--root", "data", "--tenants", "4"));

        assertEquals(0, run(List.of(), "replicate", "--once"));

        List<Path> objects = objects();
        assertEquals(4, objects.size());
        Path restored = Sqlite.decompress(Files.newInputStream(objects.get(0)), work.resolve("restored.db"));
        assertEquals("ok", Sqlite.integrityCheck(restored));
    }

    /** The working directory's routes/ is found relative to it, not to the jar; its file replaces the packaged route. */
    @Test
    void aRouteFileInTheWorkingDirectoryReplacesThePackagedOne() throws Exception {
        assertEquals(0, run(List.of(), "generate", "--root", "data", "--tenants", "2"));
        Files.createDirectories(work.resolve("routes"));
        Files.writeString(work.resolve("routes/retention.camel.yaml"), """
                - routeTemplate:
                    id: prune
                    parameters:
                      - name: name
                    route:
                      from:
                        uri: "direct:prune-{{name}}"
                        steps:
                          - log:
                              logName: io.litefleet.retention
                              message: "replaced retention route"
                """);

        assertEquals(0, run(List.of(), "replicate", "--once"));

        String output = Files.readString(work.resolve("output.txt"));
        assertTrue(output.contains("Routes from routes: retention.camel.yaml replaced, none added"), output);
        assertEquals(2, output.lines().filter(l -> l.contains("replaced retention route")).count(), output);
    }

    /** Snapshot and compression stream through files: a database far bigger than the heap replicates. */
    @Test
    void aDatabaseSixTimesLargerThanTheHeapReplicates() throws Exception {
        Path db = work.resolve("data/big/databases/blobs/branches/main/tenants/t1.db");
        Files.createDirectories(db.getParent());
        Sqlite.execute(db, "CREATE TABLE blobs (b BLOB)",
                "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM c WHERE i < 6000) "
                        + "INSERT INTO blobs SELECT randomblob(32768) FROM c");
        assertTrue(Files.size(db) > 190_000_000L);

        assertEquals(0, run(List.of("-Xmx32m"), "replicate", "--once"));

        assertEquals(1, objects().size());
        assertTrue(Files.size(objects().get(0)) > 190_000_000L, "random blobs do not compress: the whole database went through");
    }

    /** At DEBUG, the most talkative level an operator would use, the S3 secret still never appears. */
    @Test
    void theSecretKeyNeverReachesTheOutputEvenAtDebug() throws Exception {
        assertEquals(0, run(List.of(), "generate", "--root", "data", "--tenants", "2"));
        try (S3Server s3 = S3Server.start()) {
            List<String> options = new ArrayList<>(List.of("-Dlitefleet.log-level=DEBUG"));
            s3.targetProperties().forEach((k, v) -> options.add(k.equals("litefleet.s3.secret-key") ? "-Dunused=1" : "-D" + k + "=" + v));

            assertEquals(0, run(options, "replicate", "--once"), "the secret comes from the environment");

            String output = Files.readString(work.resolve("output.txt"));
            assertTrue(output.contains("DEBUG"), "the run logged at DEBUG");
            assertFalse(output.contains(S3Server.SECRET_KEY), "the secret key is not in the output");
            assertEquals(2, s3.keys().size());
        }
    }

    private List<Path> objects() throws IOException {
        try (Stream<Path> files = Files.walk(work.resolve("replica"))) {
            return files.filter(p -> p.toString().endsWith(".db.lz4")).toList();
        }
    }

    private int run(List<String> jvmOptions, String... args) throws Exception {
        int exit = PackagedJar.run(work, jvmOptions, Map.of("LITEFLEET_S3_SECRET_KEY", S3Server.SECRET_KEY), args);
        if (exit != 0) {
            System.out.println(Files.readString(work.resolve("output.txt")));
        }
        return exit;
    }
}
