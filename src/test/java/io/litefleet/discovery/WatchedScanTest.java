package io.litefleet.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import io.litefleet.model.TenantDatabase;
import io.litefleet.state.ReplicationState;
import io.litefleet.state.ReplicationStates;
import io.litefleet.stats.ReplicationStats;
import io.litefleet.stats.RequestCosts;
import io.litefleet.stats.S3RequestCounter;
import io.litefleet.storage.PathTemplate;
import io.litefleet.testing.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scanner with file events: between whole walks it lists only the directories that saw a
 * database event, and still finds every kind of change, retries what was not replicated, and
 * forgets what vanished. File events arrive asynchronously, so a test scans until the change shows.
 */
class WatchedScanTest {

    @TempDir
    Path work;

    private ReplicationState state;
    private ReplicationStats stats;
    private FleetScanner scanner;
    private Path tenants;

    @BeforeEach
    void aReplicatedFleetOfTwoDirectories() throws Exception {
        tenants = work.resolve("data/acme/databases/orders/branches/main/tenants");
        Path other = work.resolve("data/acme/databases/users/branches/main/tenants");
        for (Path directory : List.of(tenants, other)) {
            Files.createDirectories(directory);
            for (int t = 0; t < 20; t++) {
                oldFile(directory.resolve("t" + t + ".db"));
            }
        }
        DiscoveryPattern pattern = DiscoveryPattern.parse(work.resolve("data") + "/*/databases/*/branches/*/tenants/*.db", "p");
        PathTemplate template = PathTemplate.parse("{{project}}/{{database}}/{{branch}}/{{tenant}}", pattern.variables(), "t");
        stats = new ReplicationStats(Clock.systemUTC(), new S3RequestCounter(), new RequestCosts(0.005, 0.0004), "test");
        state = ReplicationState.open(work.resolve("state"), "test target");
        scanner = new FleetScanner(pattern, template, ReplicationStates.of(state), stats, DirectoryWatcher.open(), Duration.ofHours(1), 25);

        // 25 at most per cycle: the first sync takes two scans, the second one without any event
        List<TenantDatabase> first = scanner.scan();
        assertEquals(25, first.size());
        assertEquals(40, stats.counters().databases());
        assertEquals("whole", stats.counters().lastScanKind());
        record(first);
        List<TenantDatabase> rest = scanner.scan();
        assertEquals(15, rest.size(), "the directories of the databases left over are listed again");
        assertEquals("changed directories", stats.counters().lastScanKind());
        record(rest);
    }

    @AfterEach
    void close() throws Exception {
        scanner.close();
        state.close();
    }

    @Test
    void anIdleFleetListsNothingAndAWriteIsFoundInItsDirectoryAlone() throws Exception {
        assertEquals(List.of(), scanner.scan());
        assertEquals("changed directories", stats.counters().lastScanKind());
        assertEquals(40, stats.counters().databases(), "the count covers the directories not listed");

        Path written = tenants.resolve("t3.db");
        Files.writeString(written, "a commit", StandardOpenOption.APPEND);
        Path walOnly = tenants.resolve("t4.db-wal");
        Files.writeString(walOnly, "a commit in the WAL");

        assertEquals(Set.of(written, tenants.resolve("t4.db")), paths(scanUntilSomethingChanged()));
        assertEquals("changed directories", stats.counters().lastScanKind());
    }

    @Test
    void newDatabasesAreFoundInAKnownDirectoryAndInANewOne() throws Exception {
        Path added = tenants.resolve("t99.db");
        Files.writeString(added, "new");
        assertEquals(Set.of(added), paths(scanUntilSomethingChanged()));

        // a new branch: the event is above the databases' directories, so the whole fleet is walked
        Path branch = Files.createDirectories(work.resolve("data/acme/databases/orders/branches/dev/tenants"));
        Path inNewBranch = branch.resolve("t0.db");
        Files.writeString(inNewBranch, "new");
        List<TenantDatabase> changed = Await.value(Duration.ofSeconds(10), "a scan finds the new branch's database",
                this::scanAfterAPause, c -> paths(c).contains(inNewBranch));
        assertEquals(Set.of(inNewBranch, added), paths(changed), "t99 was not recorded, so it is still changed");
        assertEquals("whole", stats.counters().lastScanKind());
    }

    @Test
    void whatWasNotReplicatedIsRetriedWithoutAnyEventAndADeletedDatabaseIsForgotten() throws Exception {
        Path written = tenants.resolve("t5.db");
        Files.writeString(written, "a commit", StandardOpenOption.APPEND);
        assertEquals(Set.of(written), paths(scanUntilSomethingChanged()));

        // the upload failed (nothing recorded) and nothing else happens: the next cycle retries it
        assertEquals(Set.of(written), paths(scanner.scan()));
        assertEquals("changed directories", stats.counters().lastScanKind());

        Files.delete(tenants.resolve("t6.db"));
        Await.until(Duration.ofSeconds(10), "a scan counts 39 databases", () -> {
            scanner.scan();
            return stats.counters().databases() == 39;
        });
        assertEquals(39, stats.counters().databases());
        assertEquals(39, state.replicatedCount(), "t5 is still recorded with its old fingerprint, t6 is forgotten");
    }

    @Test
    void aResyncedDatabaseIsUploadedAgainWithoutAnyEvent() throws Exception {
        assertTrue(state.resync("acme/orders/main/t7"));
        assertEquals(Set.of(tenants.resolve("t7.db")), paths(scanner.scan()));
    }

    @Test
    void aDirectoryReplacedUnderTheSamePathIsWatchedInItsTurn() throws Exception {
        Files.move(tenants, tenants.resolveSibling("tenants.old"));
        Files.createDirectories(tenants);
        Path restored = tenants.resolve("t0.db");
        oldFile(restored);
        // the move is an event above the databases: a whole walk follows, once the event arrives
        List<TenantDatabase> changed = Await.value(Duration.ofSeconds(10), "a whole walk after the move",
                this::scanAfterAPause, c -> "whole".equals(stats.counters().lastScanKind()));
        assertEquals(Set.of(restored), paths(changed), "new content at the same path");
        record(changed);

        Files.writeString(restored, "a commit", StandardOpenOption.APPEND);
        assertEquals(Set.of(restored), paths(scanUntilSomethingChanged()));
        assertEquals("changed directories", stats.counters().lastScanKind(), "the new directory is watched");
    }

    @Test
    void moreEventsInOneDirectoryThanTheJdkKeepsListThatDirectoryOnly() throws Exception {
        Path written = tenants.resolve("t1.db");
        Files.writeString(written, "a commit", StandardOpenOption.APPEND);
        for (int i = 0; i < 600; i++) {
            Path journal = Files.writeString(tenants.resolve("t2.db-journal"), "transaction " + i);
            Files.delete(journal);
        }
        assertEquals(Set.of(written), paths(scanUntilSomethingChanged()));
        assertEquals("changed directories", stats.counters().lastScanKind());
    }

    /** File events arrive asynchronously: a scan at once could run before all of a move's have. */
    private List<TenantDatabase> scanAfterAPause() throws Exception {
        Thread.sleep(20);
        return scanner.scan();
    }

    private List<TenantDatabase> scanUntilSomethingChanged() throws Exception {
        return Await.value(Duration.ofSeconds(10), "a scan finds a change", scanner::scan, changed -> !changed.isEmpty());
    }

    private void record(List<TenantDatabase> databases) throws Exception {
        for (TenantDatabase db : databases) {
            state.recordUpload(db.path(), db.prefix(), Optional.of(db.fingerprint()), "sha", db.prefix() + "/k", Instant.now());
        }
    }

    private static Set<Path> paths(List<TenantDatabase> databases) {
        return databases.stream().map(TenantDatabase::path).collect(Collectors.toSet());
    }

    private static void oldFile(Path file) throws Exception {
        Files.writeString(file, "db");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));
    }
}
