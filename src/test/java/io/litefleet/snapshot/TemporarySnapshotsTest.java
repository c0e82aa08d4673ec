package io.litefleet.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TemporarySnapshotsTest {

    @TempDir
    Path tmp;

    @Test
    void startUpRemovesAKilledProcessesSnapshotsAndPrivateCopiesAndNothingElse() throws Exception {
        Files.createFile(tmp.resolve("snapshot-123.db"));
        Path privateCopy = Files.createDirectory(tmp.resolve(RolledBackCopy.DIRECTORY_PREFIX + "456"));
        Files.createFile(privateCopy.resolve("database"));
        Files.createFile(privateCopy.resolve("database-journal"));
        Path foreign = Files.createFile(tmp.resolve("notes.txt"));

        TemporarySnapshots temporary = new TemporarySnapshots(tmp, List.of(SqliteSnapshotter.TEMPORARY_PREFIX));
        temporary.start();
        temporary.stop();

        try (var left = Files.list(tmp)) {
            assertEquals(List.of(foreign), left.toList());
        }
    }
}
