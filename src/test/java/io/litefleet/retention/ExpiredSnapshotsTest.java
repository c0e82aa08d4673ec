package io.litefleet.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import io.litefleet.model.Fingerprint;
import io.litefleet.model.StoredSnapshot;
import io.litefleet.model.TenantDatabase;
import io.litefleet.state.ReplicationState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retention step as plain Java: the keys it gives the delete, and what it forgets once they are deleted. */
class ExpiredSnapshotsTest {

    private static final String PREFIX = "acme/orders/main/t1";
    private static final TenantDatabase TENANT = new TenantDatabase(Path.of("/data/acme/databases/orders/branches/main/tenants/t1.db"),
            PREFIX, new Fingerprint(4096, 1_000, 7, 1_000, 0, 0, 0), true);

    @TempDir
    Path work;

    @Test
    void theOldestSnapshotsNoRuleKeepsAreExpiredAndForgottenOnceDeleted() throws Exception {
        try (ReplicationState state = ReplicationState.open(work.resolve("state"), "test target")) {
            for (int hour = 0; hour < 5; hour++) {
                Instant takenAt = Instant.parse("2026-12-01T00:00:00Z").plusSeconds(3600L * hour);
                state.recordUpload(TENANT.path(), PREFIX, Optional.empty(), "ab".repeat(32), PREFIX + "/" + hour + ".db.lz4", takenAt);
            }
            Retention retention = new Retention(Optional.of(new RetentionPolicy(3, 0, 0, 0)), state);

            List<String> expired = retention.expiredSnapshots(TENANT);
            assertEquals(List.of(PREFIX + "/0.db.lz4", PREFIX + "/1.db.lz4"), expired);

            retention.deleted(TENANT, expired);
            assertEquals(List.of(PREFIX + "/2.db.lz4", PREFIX + "/3.db.lz4", PREFIX + "/4.db.lz4"),
                    state.snapshots(PREFIX).stream().map(StoredSnapshot::key).sorted().toList());
        }
    }

    @Test
    void withoutAPolicyNothingExpires() throws Exception {
        try (ReplicationState state = ReplicationState.open(work.resolve("state"), "test target")) {
            state.recordUpload(TENANT.path(), PREFIX, Optional.empty(), "ab".repeat(32), PREFIX + "/0.db.lz4", Instant.EPOCH);

            assertEquals(List.of(), new Retention(Optional.empty(), state).expiredSnapshots(TENANT));
        }
    }
}
