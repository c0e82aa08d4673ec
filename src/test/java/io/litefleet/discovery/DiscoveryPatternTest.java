package io.litefleet.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import io.litefleet.model.InvalidSettingException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DiscoveryPatternTest {

    @TempDir
    Path root;

    @Test
    void theSeedPatternBindsProjectDatabaseBranchAndTenantWithoutTheExtension() throws IOException {
        Path db = touch("data/acme/databases/orders/branches/main/tenants/t0042.db");
        touch("data/acme/databases/orders/branches/main/tenants/t0042.db-wal");
        touch("data/acme/databases/orders/branches/main/tenants/t0042.db-shm");
        Path journaled = touch("data/acme/databases/orders/branches/dev/tenants/t7.db");
        touch("data/acme/databases/orders/branches/dev/tenants/notes.txt");
        touch("data/acme/other/orders/branches/dev/tenants/t8.db");

        DiscoveryPattern pattern = DiscoveryPattern.parse(root + "/data/*/databases/*/branches/*/tenants/*.db", "p");
        List<DiscoveryPattern.Match> matches = walk(pattern);

        assertEquals(List.of("project", "database", "branch", "tenant"), pattern.variables());
        assertEquals(List.of(journaled, db), matches.stream().map(DiscoveryPattern.Match::database).toList());
        assertEquals(List.of(List.of("acme", "orders", "dev", "t7"), List.of("acme", "orders", "main", "t0042")),
                matches.stream().map(DiscoveryPattern.Match::values).toList());
        assertEquals(List.of(false, true), matches.stream().map(DiscoveryPattern.Match::hasWal).toList());
    }

    @Test
    void aRelativePatternStartsFromTheWorkingDirectoryAndAMissingBaseFindsNothing() {
        DiscoveryPattern pattern = DiscoveryPattern.parse("no-such-dir/*/tenants/*.db", "p");
        assertEquals(Path.of("no-such-dir"), pattern.base());
        assertEquals(List.of(), walk(pattern));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "data/tenants.db; has no * wildcard",
            "data/**/*.db; uses **",
            "data/?/t.db; may only use * as a wildcard",
            "data/*/*/*/*/*.db; has 5 wildcards",
            "data//*/t.db; empty, '.' or '..' path segment",
            "data/../*/t.db; empty, '.' or '..' path segment" })
    void aBadPatternIsRejectedWithTheReason(String glob, String reason) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> DiscoveryPattern.parse(glob, "litefleet.discovery-pattern"));
        assertEquals("litefleet.discovery-pattern", e.property());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    private Path touch(String relative) throws IOException {
        Path file = root.resolve(relative);
        Files.createDirectories(file.getParent());
        return Files.createFile(file);
    }

    private static List<DiscoveryPattern.Match> walk(DiscoveryPattern pattern) {
        List<DiscoveryPattern.Match> matches = Collections.synchronizedList(new ArrayList<>());
        pattern.walk(new DiscoveryPattern.Visitor() {
            @Override
            public void matched(DiscoveryPattern.Match match) {
                matches.add(match);
            }

            @Override
            public void unreadable(Path directory, IOException problem) {
                throw new AssertionError(directory + ": " + problem);
            }
        });
        matches.sort(Comparator.comparing(m -> m.database().toString()));
        return matches;
    }
}
