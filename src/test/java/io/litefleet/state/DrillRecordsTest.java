package io.litefleet.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.litefleet.model.Fingerprint;
import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the restore drills keep in the replication state: when a tenant was checked, and which must be stored afresh. */
class DrillRecordsTest {

    private static final String TARGET = "file:/replica with keys {{tenant}}";
    private static final Fingerprint FINGERPRINT = new Fingerprint(4096, 1, 2, 3, 0, 0, 0);

    @TempDir
    Path directory;

    private final Path database = Path.of("/data/acme/databases/orders/branches/main/tenants/t1.db");

    @Test
    void aDamagedSnapshotMakesTheTenantStoredAfreshEvenAfterARestart() throws Exception {
        try (ReplicationState state = ReplicationState.open(directory, TARGET)) {
            state.recordUpload(database, "t1", Optional.of(FINGERPRINT), "abc", "t1/1.db.lz4", Instant.ofEpochSecond(1));
            assertTrue(isReplicated(state));
            assertTrue(state.markDamaged(database, "t1/1.db.lz4"));
            assertFalse(isReplicated(state), "the next cycle takes it, changed or not");
            assertEquals(Optional.of(""), state.lastSha256(database), "and stores it even if its content is the same");
        }
        try (ReplicationState state = ReplicationState.open(directory, TARGET)) {
            assertFalse(isReplicated(state), "a restart does not forget it");
            assertEquals(Optional.of(""), state.lastSha256(database));
        }
    }

    @Test
    void aSnapshotNoLongerTheNewestIsNotMarked() throws Exception {
        try (ReplicationState state = ReplicationState.open(directory, TARGET)) {
            state.recordUpload(database, "t1", Optional.of(FINGERPRINT), "abc", "t1/1.db.lz4", Instant.ofEpochSecond(1));
            state.recordUpload(database, "t1", Optional.of(FINGERPRINT), "def", "t1/2.db.lz4", Instant.ofEpochSecond(2));
            assertFalse(state.markDamaged(database, "t1/1.db.lz4"), "a newer snapshot was stored while the drill read the old one");
            assertTrue(isReplicated(state));
        }
    }

    @Test
    void aMarkThatComesWhileACycleFindsTheContentIdenticalStays() throws Exception {
        Fingerprint touched = new Fingerprint(4096, 9, 2, 3, 0, 0, 0);
        try (ReplicationState state = ReplicationState.open(directory, TARGET)) {
            state.recordUpload(database, "t1", Optional.of(FINGERPRINT), "abc", "t1/1.db.lz4", Instant.ofEpochSecond(1));
            // a cycle snapshots the touched database and compares its content with the stored one's
            assertEquals(Optional.of("abc"), state.lastSha256(database));
            assertTrue(state.markDamaged(database, "t1/1.db.lz4"));
            state.recordIdentical(database, Optional.of(touched));
            assertFalse(state.isReplicated(database.getParent(), database.getFileName().toString(), touched),
                    "else the damaged snapshot stays the newest, and no drill checks it again (its sha256 is empty)");
            assertEquals(Optional.of(""), state.lastSha256(database));
        }
    }

    @Test
    void whenATenantWasCheckedOutlivesItsNextUpload() throws Exception {
        try (ReplicationState state = ReplicationState.open(directory, TARGET)) {
            state.recordUpload(database, "t1", Optional.of(FINGERPRINT), "abc", "t1/1.db.lz4", Instant.ofEpochSecond(1));
            // as verify.camel.yaml records a check
            Sqlite.execute(state.file(), "UPDATE tenant SET verified_at = 1234 WHERE path = '" + database + "'");
            state.recordUpload(database, "t1", Optional.of(FINGERPRINT), "def", "t1/2.db.lz4", Instant.ofEpochSecond(2));
            assertEquals(List.of("1234|t1/2.db.lz4"), Sqlite.rows(state.file(), "SELECT verified_at, last_key FROM tenant"),
                    "else a tenant that changes every cycle would be checked first every time");
        }
    }

    @Test
    void aStateFromBeforeTheDrillsGetsTheirColumn() throws Exception {
        try (ReplicationState state = ReplicationState.open(directory, TARGET)) {
            state.recordUpload(database, "t1", Optional.of(FINGERPRINT), "abc", "t1/1.db.lz4", Instant.ofEpochSecond(1));
        }
        Sqlite.execute(directory.resolve("state.db"), "ALTER TABLE tenant DROP COLUMN verified_at");
        try (ReplicationState state = ReplicationState.open(directory, TARGET)) {
            assertEquals(List.of("null|t1/1.db.lz4"), Sqlite.rows(state.file(), "SELECT verified_at, last_key FROM tenant"));
            assertTrue(isReplicated(state), "nothing else changes");
        }
    }

    private boolean isReplicated(ReplicationState state) {
        return state.isReplicated(database.getParent(), database.getFileName().toString(), FINGERPRINT);
    }
}
