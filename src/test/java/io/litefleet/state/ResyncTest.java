package io.litefleet.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import io.litefleet.model.Fingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A resync holds until the database is uploaded, even when an identical snapshot is recorded meanwhile. */
class ResyncTest {

    @TempDir
    Path work;

    @Test
    void anIdenticalSnapshotRecordedAfterAResyncDoesNotCancelIt() throws Exception {
        Path db = work.resolve("data/tenants/t1.db");
        Fingerprint f = new Fingerprint(4096, 1_000_000_000L, 7, 1_000_000_000L, 0, 0, 0);
        try (ReplicationState state = ReplicationState.open(work.resolve("state"), "test target")) {
            state.recordUpload(db, "acme/t1", Optional.of(f), "sha", "acme/t1/k1", Instant.now());
            assertTrue(state.isReplicated(db.getParent(), "t1.db", f));

            // an upload thread compared the sha256 before the resync and records "identical" after it
            assertTrue(state.resync("acme/t1"));
            state.recordIdentical(db, Optional.of(f));

            assertFalse(state.isReplicated(db.getParent(), "t1.db", f), "still to upload");
            assertEquals(Set.of(db), state.forcedDatabases());
            assertEquals(Optional.empty(), state.lastSha256(db), "uploaded even if identical");

            state.recordUpload(db, "acme/t1", Optional.of(f), "sha", "acme/t1/k2", Instant.now());
            assertTrue(state.isReplicated(db.getParent(), "t1.db", f));
            assertEquals(Set.of(), state.forcedDatabases());
        }
    }
}
