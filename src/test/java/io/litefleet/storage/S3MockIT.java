package io.litefleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.litefleet.sample.SampleFleet;
import io.litefleet.testing.PackagedJar;
import io.litefleet.testing.S3MockServer;
import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The packaged jar against a second S3 implementation, Adobe S3Mock: {@code replicate --once},
 * {@code snapshots} and {@code restore-all}, each restored database equal to its source, with either
 * {@code litefleet.s3.checksums}.
 */
class S3MockIT {

    @TempDir
    Path work;

    @TempDir
    static Path s3Work;

    private static S3MockServer s3;

    @BeforeAll
    static void startS3Mock() throws Exception {
        s3 = S3MockServer.start(Files.createDirectories(s3Work.resolve("s3mock")), s3Work.resolve("s3mock.log"));
    }

    @AfterAll
    static void stopS3Mock() throws Exception {
        s3.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"when-required", "when-supported"})
    void replicatesAndRestoresEveryTenant(String checksums) throws Exception {
        List<Path> sources = SampleFleet.generate(work.resolve("data"), 3, 200);
        List<String> options = new ArrayList<>();
        s3.targetProperties(S3MockServer.BUCKETS.get(checksums.equals("when-required") ? 0 : 1))
                .forEach((k, v) -> options.add("-D" + k + "=" + v));
        options.add("-Dlitefleet.s3.checksums=" + checksums);

        assertEquals(0, run(options, "replicate", "--once"), output());
        assertTrue(output().contains("3 uploaded, 0 failed"), output());
        String tenant = work.resolve("data").relativize(sources.get(0)).toString()
                .replace("/databases/", "/").replace("/branches/", "/").replace("/tenants/", "/").replace(".db", "");
        assertEquals(0, run(options, "snapshots", tenant), output());
        assertEquals(0, run(options, "restore-all", "--to", "restored"), output());

        for (Path source : sources) {
            Path restored = work.resolve("restored").resolve(work.resolve("data").relativize(source));
            assertEquals("ok", Sqlite.integrityCheck(restored));
            assertEquals(Sqlite.rows(source, "SELECT id, name, qty FROM items ORDER BY id"),
                    Sqlite.rows(restored, "SELECT id, name, qty FROM items ORDER BY id"), restored.toString());
        }
    }

    private String output() throws Exception {
        return Files.readString(work.resolve("output.txt"));
    }

    private int run(List<String> jvmOptions, String... args) throws Exception {
        return PackagedJar.run(work, jvmOptions, Map.of(), args);
    }
}
