package io.litefleet.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.litefleet.sample.SampleFleet;
import io.litefleet.testing.Await;
import io.litefleet.testing.CountingBlobStore;
import io.litefleet.testing.ReplicatorProcess;
import io.litefleet.testing.S3Server;
import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} while uploads are in flight: the next run uploads exactly the databases whose
 * upload was not yet recorded, and every tenant ends with a snapshot equal to its content.
 */
class KillDuringUploadsTest {

    @TempDir
    Path work;

    @Test
    void aHardKillLosesNothingAndRepeatsOnlyWhatWasNotRecorded() throws Exception {
        List<Path> tenants = SampleFleet.generate(work.resolve("data"), 120, 20);
        try (S3Server s3 = S3Server.startCounting()) {
            CountingBlobStore server = s3.requests();
            server.putDelayMillis = 150;
            Process replicator = start(s3, "replicate");
            Await.until(Duration.ofSeconds(60), "30 uploads stored", () -> server.putKeys.size() >= 30);
            replicator.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
            assertTrue(replicator.waitFor(30, TimeUnit.SECONDS));
            int storedBeforeKill = server.putKeys.size();
            assertTrue(storedBeforeKill >= 30 && storedBeforeKill < 120, "killed mid-cycle after " + storedBeforeKill + " PUTs");

            Set<String> recorded = new HashSet<>(Sqlite.rows(work.resolve("state/s3/state.db"),
                    "SELECT prefix FROM tenant WHERE size IS NOT NULL"));
            Set<String> storedPrefixes = server.putKeys.stream().map(k -> k.substring(0, k.lastIndexOf('/'))).collect(Collectors.toSet());
            assertTrue(storedPrefixes.containsAll(recorded), "a database is recorded only after its PUT");
            server.reset();
            server.putDelayMillis = 0;

            Process restart = start(s3, "replicate", "--once");
            assertTrue(restart.waitFor(120, TimeUnit.SECONDS));
            assertEquals(0, restart.exitValue(), Files.readString(work.resolve("replicate--once.log")));

            Set<String> uploadedAfterRestart = server.putKeys.stream().map(k -> k.substring(0, k.lastIndexOf('/')))
                    .collect(Collectors.toSet());
            Set<String> all = tenants.stream().map(KillDuringUploadsTest::prefixOf).collect(Collectors.toSet());
            Set<String> notRecorded = new HashSet<>(all);
            notRecorded.removeAll(recorded);
            assertEquals(notRecorded, uploadedAfterRestart, "exactly the databases not recorded as replicated");
            assertEquals(notRecorded.size(), server.puts.get(), "one PUT each");

            Map<String, String> newest = new TreeMap<>();
            for (String key : s3.keys()) {
                newest.merge(key.substring(0, key.lastIndexOf('/')), key, (a, b) -> a.compareTo(b) > 0 ? a : b);
            }
            assertEquals(all, newest.keySet());
            int n = 0;
            for (Path tenant : tenants) {
                Path restored = Sqlite.decompress(s3.get(newest.get(prefixOf(tenant))), work.resolve("check-" + n++ + ".db"));
                assertEquals(Sqlite.rows(tenant, "SELECT * FROM items ORDER BY id"), Sqlite.rows(restored, "SELECT * FROM items ORDER BY id"));
            }
            try (Stream<Path> left = Files.list(work.resolve("state/tmp"))) {
                assertFalse(left.anyMatch(p -> p.getFileName().toString().startsWith("snapshot-")),
                        "the killed process's temporary snapshots are gone");
            }
        }
    }

    private Process start(S3Server s3, String... args) throws IOException {
        return ReplicatorProcess.start(work, s3, work.resolve(String.join("", args) + ".log"),
                List.of("-Dlitefleet.max-concurrent-uploads=10", "-Dlitefleet.state-directory=state"), args);
    }

    static String prefixOf(Path tenant) {
        Path tenantsDir = tenant.getParent();
        Path branch = tenantsDir.getParent();
        Path database = branch.getParent().getParent();
        Path project = database.getParent().getParent();
        return project.getFileName() + "/" + database.getFileName() + "/" + branch.getFileName() + "/"
                + tenant.getFileName().toString().replace(".db", "");
    }
}
