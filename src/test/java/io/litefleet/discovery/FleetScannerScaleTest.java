package io.litefleet.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scanner over 10,000 databases laid out like the seed (empty files: the scanner only stats):
 * counts and changed sets, no timing. The figures live in the benchmark, not here.
 */
class FleetScannerScaleTest {

    private static final int PROJECTS = 10;
    private static final int DATABASES = 10;
    private static final int TENANTS = 100;

    @TempDir
    Path work;

    @Test
    void tenThousandDatabasesAreCountedAndExactlyTheChangedOnesAreReported() throws Exception {
        Instant old = Instant.now().minusSeconds(3600);
        for (int p = 0; p < PROJECTS; p++) {
            for (int d = 0; d < DATABASES; d++) {
                Path tenants = Files.createDirectories(work.resolve("data/p" + p + "/databases/d" + d + "/branches/main/tenants"));
                for (int t = 0; t < TENANTS; t++) {
                    Path db = Files.createFile(tenants.resolve("t" + t + ".db"));
                    Files.setLastModifiedTime(db, FileTime.from(old));
                }
                Files.writeString(tenants.resolve("notes.txt"), "not a database");
            }
        }
        DiscoveryPattern pattern = DiscoveryPattern.parse(work.resolve("data") + "/*/databases/*/branches/*/tenants/*.db", "p");
        PathTemplate template = PathTemplate.parse("{{project}}/{{database}}/{{branch}}/{{tenant}}", pattern.variables(), "t");
        ReplicationStats stats = new ReplicationStats(Clock.systemUTC(), new S3RequestCounter(), new RequestCosts(0.005, 0.0004), "test");
        try (ReplicationState state = ReplicationState.open(work.resolve("state"), "test target")) {
            FleetScanner scanner = new FleetScanner(pattern, template, ReplicationStates.of(state), stats);

            List<TenantDatabase> first = scanner.scan();

            assertEquals(10_000, first.size(), "every database is new");
            assertEquals(10_000, first.stream().map(TenantDatabase::prefix).distinct().count());
            for (TenantDatabase db : first) {
                state.recordUpload(db.path(), db.prefix(), Optional.of(db.fingerprint()), "sha", db.prefix() + "/k", Instant.now());
            }
            assertEquals(List.of(), scanner.scan(), "nothing changed");

            Set<Path> touched = new HashSet<>();
            for (int i = 0; i < 10_000; i += 997) {
                TenantDatabase db = first.get(i);
                Files.setLastModifiedTime(db.path(), FileTime.from(old.plusSeconds(60)));
                touched.add(db.path());
            }
            Path wal = first.get(5).path().resolveSibling(first.get(5).path().getFileName() + "-wal");
            Files.writeString(wal, "a commit in the WAL");
            touched.add(first.get(5).path());
            Files.delete(first.get(7).path());

            List<TenantDatabase> changed = scanner.scan();

            assertEquals(touched, changed.stream().map(TenantDatabase::path).collect(Collectors.toSet()));
            assertEquals(9_999, stats.counters().databases(), "one database was deleted");
        }
    }
}
