package io.litefleet.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.litefleet.model.ObjectKeys;
import io.litefleet.retention.RetentionPolicy;
import io.litefleet.retention.TargetPruner;
import io.litefleet.sample.SampleFleet;
import io.litefleet.stats.CycleReport;
import io.litefleet.storage.FileTarget;
import io.litefleet.storage.OwnerMarker;
import io.litefleet.storage.SnapshotCatalog;
import io.litefleet.storage.TargetOwner;
import io.litefleet.testing.AdjustableClock;
import io.litefleet.testing.LogCapture;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.Sqlite;
import io.litefleet.testing.TestTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A second replicator, with another state, on the same target is detected and uploads nothing. */
class TargetOwnerTest {

    @TempDir
    Path work;

    /**
     * The members of an active/standby pair share one state, so one state id: the marker of the
     * previous leader, on another host, is taken over at once rather than after its heartbeat went
     * stale (three sync intervals without uploads); without a cluster the same marker is a clone's.
     */
    @Test
    void aMemberOfAClusterTakesOverThePreviousLeadersMarkerAtOnce() throws Exception {
        FileTarget store = new FileTarget(work.resolve("replica"));
        Duration interval = Duration.ofSeconds(30);
        byte[] previousLeader = new OwnerMarker("shared-state", "run-of-the-previous-leader", "other-host", "/srv/shared/state",
                Instant.now(), interval).toJson();

        store.put(OwnerMarker.KEY, previousLeader);
        TargetOwner member = new TargetOwner(store, () -> "shared-state", true, "/srv/shared/state", interval, Clock.systemUTC());
        member.heartbeat();
        assertFalse(member.heldByAnother(), "the new leader uploads at once");
        assertEquals("shared-state", OwnerMarker.parse(store.read(OwnerMarker.KEY).orElseThrow()).orElseThrow().stateId());

        store.put(OwnerMarker.KEY, previousLeader);
        TargetOwner alone = new TargetOwner(store, () -> "shared-state", false, "/srv/shared/state", interval, Clock.systemUTC());
        alone.heartbeat();
        assertTrue(alone.heldByAnother(), "without a cluster, another process with this state id is a clone's");
    }

    @ParameterizedTest
    @EnumSource(TestTarget.Kind.class)
    void aSecondReplicatorWithAnotherStateUploadsNothingUntilTheFirstOnesHeartbeatIsStale(TestTarget.Kind kind) throws Exception {
        Path first = work.resolve("first");
        Path second = work.resolve("second");
        SampleFleet.generate(first.resolve("data"), 2, 5);
        SampleFleet.generate(second.resolve("data"), 3, 5);
        AdjustableClock secondClock = new AdjustableClock();
        try (TestTarget target = TestTarget.start(kind, work);
             LogCapture logs = LogCapture.capture()) {
            Map<String, String> properties = target.properties(Map.of());
            try (RunningLiteFleet one = RunningLiteFleet.start(first, properties);
                 RunningLiteFleet two = RunningLiteFleet.start(second, properties, secondClock)) {
                assertEquals(2, one.runCycle().uploaded());
                assertTrue(target.keys().contains(OwnerMarker.KEY), target.keys().toString());

                for (int cycle = 1; cycle <= 2; cycle++) {
                    CycleReport refused = two.runCycle();
                    assertEquals(0, refused.uploaded(), "cycle " + cycle + " of the second replicator");
                    assertFalse(refused.allReplicated());
                }
                assertEquals(2, snapshots(target).size(), "only the first replicator's: " + target.keys());
                List<LogCapture.Line> warned = logs.warningsAbout("in use by another replicator");
                assertEquals(1, warned.size(), "one WARN, not one per cycle: " + logs.lines());
                assertTrue(warned.get(0).message().contains(first.resolve("state").toString()), warned.get(0).message());
                @SuppressWarnings("unchecked")
                Map<String, Object> owner = (Map<String, Object>) two.stats().get("target_owner");
                assertEquals("conflict", owner.get("status"), owner.toString());
                assertEquals(first.resolve("state").toString(), owner.get("other_state_directory"));
                HttpResponse<String> ready = two.get("/observe/health/ready");
                assertEquals(503, ready.statusCode(), ready.body());
                assertTrue(ready.body().contains("another replicator"), ready.body());

                one.runCycle();
                @SuppressWarnings("unchecked")
                Map<String, Object> stillOwner = (Map<String, Object>) one.stats().get("target_owner");
                assertEquals("this replicator", stillOwner.get("status"), "the second replicator did not take the marker: " + stillOwner);
                assertEquals(200, one.get("/observe/health/ready").statusCode());
            }

            // the first replicator is gone: once its heartbeat is stale (3 sync intervals), the second takes over
            try (RunningLiteFleet two = RunningLiteFleet.start(second, properties, secondClock)) {
                secondClock.shift(Duration.ofMinutes(2));
                assertEquals(3, two.runCycle().uploaded());
                assertEquals(5, snapshots(target).size());
                assertEquals(1, logs.warningsAbout("Took over target").size(), logs.lines().toString());
                assertEquals(200, two.get("/observe/health/ready").statusCode());
            }

            // the marker is no snapshot: the catalog and prune pass over it without a word
            List<String> notes = new ArrayList<>();
            SnapshotCatalog catalog = new SnapshotCatalog(target.store(), notes::add);
            assertEquals(3, catalog.tenantsUnder("").size());
            List<String> expired = new ArrayList<>();
            new TargetPruner(catalog, target.store(), new RetentionPolicy(0, 0, 0, 0)).prune("", true, expired::add);
            assertTrue(expired.stream().noneMatch(k -> k.startsWith(OwnerMarker.RESERVED_PREFIX)), expired.toString());
            assertEquals(List.of(), notes);
        }
    }

    /**
     * A host cloned with its state directory: the copy has the same state id, and would upload its
     * old databases under newer keys than the original's, which a default restore then returns.
     */
    @ParameterizedTest
    @EnumSource(TestTarget.Kind.class)
    void aReplicatorOnACopyOfTheStateDirectoryUploadsNothingWhileTheOriginalRuns(TestTarget.Kind kind) throws Exception {
        Path original = work.resolve("original");
        Path clone = work.resolve("clone");
        SampleFleet.generate(original.resolve("data"), 2, 5);
        try (TestTarget target = TestTarget.start(kind, work);
             LogCapture logs = LogCapture.capture()) {
            Map<String, String> properties = target.properties(Map.of());
            try (RunningLiteFleet one = RunningLiteFleet.start(original, properties)) {
                assertEquals(2, one.runCycle().uploaded());
            }
            // the copy: same state (same id), its own fleet whose content differs
            copyTree(original.resolve("state"), clone.resolve("state"));
            copyTree(original.resolve("data"), clone.resolve("data"));
            Sqlite.execute(SampleFleet.tenantPath(clone.resolve("data"), 0), "DELETE FROM items");
            try (RunningLiteFleet one = RunningLiteFleet.start(original, properties);
                 RunningLiteFleet copy = RunningLiteFleet.start(clone, properties)) {
                one.runCycle();
                CycleReport refused = copy.runCycle();

                assertEquals(0, refused.uploaded(), "the copy stands down while the original's heartbeat is fresh");
                assertEquals(2, snapshots(target).size(), target.keys().toString());
                assertEquals(1, logs.warningsAbout("in use by another replicator").size(), logs.lines().toString());
            }
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else if (!file.getFileName().toString().equals("state.lock")) {
                    Files.copy(file, target);
                }
            }
        }
    }

    private static List<String> snapshots(TestTarget target) throws Exception {
        return target.keys().stream().filter(k -> ObjectKeys.parse(k).isPresent()).toList();
    }
}
