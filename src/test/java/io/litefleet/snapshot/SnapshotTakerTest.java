package io.litefleet.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import io.litefleet.model.Fingerprint;
import io.litefleet.model.TenantDatabase;
import io.litefleet.model.TenantSnapshot;
import io.litefleet.state.ReplicationState;
import io.litefleet.state.ReplicationStates;
import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot step as plain Java: a checked copy of the database, named by its key and time. */
class SnapshotTakerTest {

    @TempDir
    Path work;

    @Test
    void theSnapshotIsACopyOfTheContentUnderTheKeyOfItsTime() throws Exception {
        Path db = work.resolve("t1.db");
        Sqlite.execute(db, "CREATE TABLE items (name TEXT)", "INSERT INTO items VALUES ('first')");
        Path tmp = Files.createDirectories(work.resolve("tmp"));
        Instant now = Instant.parse("2026-12-01T06:00:00.123Z");
        try (ReplicationState state = ReplicationState.open(work.resolve("state"), "test target")) {
            SnapshotTaker taker = new SnapshotTaker(new SqliteSnapshotter(tmp, Duration.ofSeconds(5)),
                    new SnapshotClock(Clock.fixed(now, ZoneOffset.UTC), ReplicationStates.of(state)));

            TenantSnapshot snapshot = taker.take(new TenantDatabase(db, "acme/orders/main/t1", Fingerprint.read(db, false), true));

            assertEquals("acme/orders/main/t1/20261201T060000.123Z.db.lz4", snapshot.key());
            assertEquals(now, snapshot.takenAt());
            assertEquals(Sqlite.sha256(snapshot.file()), snapshot.sha256());
            assertEquals(Files.size(snapshot.file()), snapshot.size());
            assertEquals("[first]", Sqlite.rows(snapshot.file(), "SELECT name FROM items").toString());
            assertEquals(0, snapshot.objectSize(), "not framed yet");
        }
    }
}
