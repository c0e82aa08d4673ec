package io.litefleet.restore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.litefleet.model.SnapshotMetadata;
import io.litefleet.sample.SampleFleet;
import io.litefleet.storage.SnapshotCatalog;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.Sqlite;
import io.litefleet.testing.TestTarget;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A restore drill finds every kind of damage a stored snapshot can suffer, on both target kinds, and passes a sound one. */
class SnapshotVerifierTest {

    @TempDir
    Path work;

    @ParameterizedTest
    @EnumSource(TestTarget.Kind.class)
    void aFlippedByteATruncatedObjectAndAWrongSha256AreEachNamedWithTheirCheck(TestTarget.Kind kind) throws Exception {
        List<Path> tenants = SampleFleet.generate(work.resolve("data"), 4, 20);
        try (TestTarget target = TestTarget.start(kind, work)) {
            try (RunningLiteFleet fleet = RunningLiteFleet.start(work, target.properties(Map.of()))) {
                assertEquals(4, fleet.runCycle().uploaded());
                Sqlite.execute(tenants.get(0), "INSERT INTO items (name, qty) VALUES ('second', 2)");
                assertEquals(1, fleet.runCycle().uploaded());
            }
            SnapshotVerifier verifier = new SnapshotVerifier(new SnapshotCatalog(target.store(), note -> { }),
                    new SnapshotRestorer(target.store()));

            SnapshotVerifier.Summary sound = verifier.verify("", true, Optional.empty(), 3, quiet());
            assertEquals(List.of(), sound.failed());
            assertEquals(4, sound.tenants());
            assertEquals(5, sound.checked(), "--all: both snapshots of the tenant that changed");
            assertEquals(4, verifier.verify("", false, Optional.empty(), 3, quiet()).checked(), "the newest of each");
            assertEquals(2, verifier.verify("", false, Optional.of(2), 3, quiet()).checked(), "a sample of two tenants");

            List<String> keys = target.keys().stream().filter(k -> k.endsWith(".db.lz4")).sorted().toList();
            String flipped = keys.get(1);
            String truncated = keys.get(2);
            byte[] original = target.bytes(flipped);
            byte[] damaged = original.clone();
            damaged[damaged.length / 2] ^= 1;
            target.overwrite(flipped, damaged, target.metadata(flipped));
            byte[] whole = target.bytes(truncated);
            target.overwrite(truncated, Arrays.copyOf(whole, whole.length / 2), target.metadata(truncated));
            String wrongSha = keys.get(3);
            if (kind == TestTarget.Kind.S3) {
                Map<String, String> wrong = new HashMap<>(target.metadata(wrongSha));
                wrong.put(SnapshotMetadata.SHA256, "0".repeat(64));
                target.overwrite(wrongSha, target.bytes(wrongSha), wrong);
            }

            SnapshotVerifier.Summary found = verifier.verify("", true, Optional.empty(), 3, quiet());
            assertEquals(kind == TestTarget.Kind.S3 ? 3 : 2, found.failed().size(), found.failed().toString());
            assertTrue(found.failed().stream().anyMatch(f -> f.startsWith(flipped + ": LZ4 frame check failed")), found.failed().toString());
            assertTrue(found.failed().stream().anyMatch(f -> f.startsWith(truncated + ": LZ4 frame check failed")), found.failed().toString());
            if (kind == TestTarget.Kind.S3) {
                assertTrue(found.failed().stream().anyMatch(f -> f.startsWith(wrongSha + ": sha256 check failed")), found.failed().toString());
            }
            try (var left = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
                assertEquals(List.of(), left.filter(p -> p.getFileName().toString().startsWith("litefleet-verify-")).toList(),
                        "the drill leaves nothing behind");
            }
        }
    }

    private static RestoreProgress quiet() {
        return new RestoreProgress(System.err, false, "snapshots");
    }
}
