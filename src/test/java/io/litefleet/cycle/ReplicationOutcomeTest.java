package io.litefleet.cycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import io.litefleet.model.Fingerprint;
import io.litefleet.model.TenantDatabase;
import io.litefleet.model.TenantSnapshot;
import io.litefleet.snapshot.SnapshotException;
import io.litefleet.state.ReplicationState.TenantRecord;
import io.litefleet.state.ReplicationState;
import io.litefleet.stats.ReplicationStats;
import io.litefleet.stats.RequestCosts;
import io.litefleet.stats.S3RequestCounter;
import io.litefleet.storage.TargetException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A target's bookkeeping of one database, as plain Java: what the state records, what counts. */
class ReplicationOutcomeTest {

    private static final Path DATABASE = Path.of("/data/acme/databases/orders/branches/main/tenants/t1.db");
    private static final Fingerprint FINGERPRINT = new Fingerprint(4096, 1_000, 7, 1_000, 0, 0, 0);
    private static final Instant TAKEN_AT = Instant.parse("2026-12-01T06:00:00Z");
    private static final TenantSnapshot SNAPSHOT = TenantSnapshot
            .taken("acme/orders/main/t1/20261201T060000.000Z.db.lz4", TAKEN_AT, "ab".repeat(32), 4096, Path.of("snapshot"))
            .framed("acme/orders/main/t1/20261201T060000.000Z.db.lz4", Path.of("frame"), 300, Optional.empty());

    @TempDir
    Path work;

    private ReplicationState state;
    private ReplicationStats stats;
    private TargetBreaker breaker;
    private ReplicationOutcome outcome;

    @BeforeEach
    void open() throws Exception {
        state = ReplicationState.open(work.resolve("state"), "test target");
        stats = new ReplicationStats(Clock.systemUTC(), new S3RequestCounter(), new RequestCosts(0.005, 0.0004), "test");
        breaker = new TargetBreaker("s3", 2);
        outcome = new ReplicationOutcome("s3", state, stats, breaker, new Failures(stats));
    }

    @AfterEach
    void close() throws Exception {
        state.close();
    }

    @Test
    void aStoredSnapshotIsRecordedWithItsKeyTimeAndSha256AndItsBytesCount() throws Exception {
        outcome.replicated(tenant(true), SNAPSHOT);

        TenantRecord record = state.tenant("acme/orders/main/t1").orElseThrow();
        assertEquals(SNAPSHOT.key(), record.lastKey());
        assertEquals(TAKEN_AT, record.lastTime());
        assertEquals(SNAPSHOT.sha256(), record.sha256());
        assertTrue(state.isReplicated(DATABASE.getParent(), "t1.db", FINGERPRINT));
        assertEquals(1, stats.counters().uploadsSuccess());
        assertEquals(300, stats.counters().bytesUploaded(), "the stored object's bytes, not the snapshot's");
    }

    @Test
    void anUnsettledFingerprintIsNotRecordedSoTheDatabaseStaysChanged() throws Exception {
        outcome.replicated(tenant(false), SNAPSHOT);

        assertFalse(state.isReplicated(DATABASE.getParent(), "t1.db", FINGERPRINT));
        assertEquals(Optional.of(SNAPSHOT.sha256()), state.lastSha256(DATABASE));
    }

    @Test
    void onlyTheSameContentIsAlreadyStored() throws Exception {
        assertFalse(outcome.alreadyStored(tenant(true), SNAPSHOT), "nothing stored yet");
        outcome.replicated(tenant(false), SNAPSHOT);

        assertTrue(outcome.alreadyStored(tenant(true), SNAPSHOT));
        TenantSnapshot other = TenantSnapshot.taken(SNAPSHOT.key(), TAKEN_AT, "cd".repeat(32), 4096, Path.of("snapshot"));
        assertFalse(outcome.alreadyStored(tenant(true), other));
    }

    @Test
    void anIdenticalSnapshotAdvancesTheFingerprintAndStoresNothing() throws Exception {
        outcome.replicated(tenant(false), SNAPSHOT);

        outcome.identical(tenant(true));

        assertTrue(state.isReplicated(DATABASE.getParent(), "t1.db", FINGERPRINT));
        assertEquals(SNAPSHOT.key(), state.tenant("acme/orders/main/t1").orElseThrow().lastKey());
        assertEquals(1, stats.counters().skippedIdentical());
    }

    @Test
    void onlyTheTargetsOwnFailuresOpenItsBreaker() {
        outcome.failed(tenant(true), new SnapshotException("not a SQLite database (bad header)"));
        outcome.failed(tenant(true), new SnapshotException("not a SQLite database (bad header)"));
        assertFalse(breaker.isOpen(), "a broken database says nothing about the target");

        outcome.failed(tenant(true), new TargetException("upload failed: connection refused"));
        outcome.failed(tenant(true), new TargetException("upload failed: connection refused"));
        assertTrue(breaker.isOpen(), "two refusals in a row");
        assertEquals(4, stats.counters().uploadsFailed());
    }

    private static TenantDatabase tenant(boolean settled) {
        return new TenantDatabase(DATABASE, "acme/orders/main/t1", FINGERPRINT, settled);
    }
}
