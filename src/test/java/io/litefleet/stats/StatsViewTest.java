package io.litefleet.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.litefleet.model.Fingerprint;
import io.litefleet.model.TenantDatabase;
import io.litefleet.state.ReplicationState;
import io.litefleet.testing.AdjustableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stats view as Jackson writes it, without a running replicator: the very documents /stats
 * served when it was a hand-built map (captured from that code), field for field and in order.
 * Values measured on the monotonic clock (durations, rates, uptime, the cost per day derived from
 * it) are masked as {@code N}; their type is checked all the same (a number, not null).
 */
class StatsViewTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05.678901Z");

    private final AdjustableClock clock = new AdjustableClock();
    private ReplicationStats stats;
    private VerifyStats verify;

    @BeforeEach
    void freshReplicator() {
        clock.freeze(NOW);
        stats = new ReplicationStats(clock, new S3RequestCounter(), new RequestCosts(0.005, 0.0004), "1.2.3");
        verify = new VerifyStats(clock);
    }

    @Test
    void beforeAnyCycleEveryFieldIsThereAndWhatIsNotKnownYetIsNull() throws Exception {
        assertEquals("{\"databases\":0,\"changed_last_cycle\":0,\"deferred_last_cycle\":0,\"uploads_success\":0,\"uploads_failed\":0,"
                + "\"bytes_uploaded\":0,\"last_scan\":null,\"skipped_identical\":0,\"bytes_read\":0,\"compression_ratio\":null,\"cycles\":0,"
                + "\"last_scan_duration_ms\":null,\"last_scan_kind\":null,\"last_cycle_duration_ms\":null,\"last_cycle\":null,"
                + "\"cycle_in_progress\":null,\"failing\":{\"count\":0,\"recent\":[]},\"oldest_unreplicated_change_seconds\":0,"
                + "\"s3_requests\":{\"put\":0,\"get\":0,\"list\":0,\"delete\":0,\"other\":0},\"estimated_request_cost_per_day_usd\":N,"
                + "\"uptime_seconds\":N,\"version\":\"1.2.3\"}", json(stats.view()));
        assertEquals("{\"runs\":0,\"checked\":0,\"failed\":0,\"unreadable\":0,\"stopped\":0,\"last_run\":null,\"last_failure\":null}",
                json(verify.view()));
    }

    @Test
    void aCycleUnderWayShowsItsProgressAndWhatFails() throws Exception {
        startACycle();

        assertEquals("{\"databases\":5,\"changed_last_cycle\":4,\"deferred_last_cycle\":1,\"uploads_success\":1,\"uploads_failed\":1,"
                + "\"bytes_uploaded\":100,\"last_scan\":\"2026-01-02T03:04:05.678Z\",\"skipped_identical\":0,\"bytes_read\":1000,"
                + "\"compression_ratio\":10.0,\"cycles\":0,\"last_scan_duration_ms\":N,\"last_scan_kind\":\"changed directories\","
                + "\"last_cycle_duration_ms\":null,\"last_cycle\":null,"
                + "\"cycle_in_progress\":{\"changed\":4,\"done\":2,\"backlog\":2,\"rate_per_second\":N,\"eta_seconds\":N},"
                + "\"failing\":{\"count\":2,\"recent\":["
                + "{\"tenant\":\"acme/orders/main/dir\",\"path\":\"/fleet/acme/dir.db\",\"target\":null,\"reason\":\"not a file\",\"since\":\"2026-01-02T03:04:06.500Z\"},"
                + "{\"tenant\":\"acme/orders/main/t2\",\"path\":\"/fleet/acme/t2.db\",\"target\":\"s3\",\"reason\":\"refused\",\"since\":\"2026-01-02T03:04:05.678Z\"}]},"
                + "\"oldest_unreplicated_change_seconds\":2046,\"s3_requests\":{\"put\":0,\"get\":0,\"list\":0,\"delete\":0,\"other\":0},"
                + "\"estimated_request_cost_per_day_usd\":N,\"uptime_seconds\":N,\"version\":\"1.2.3\"}", json(stats.view()));
        assertEquals(2, stats.counters().cycleInProgress().backlog(), "the backlog meter's reading");
    }

    @Test
    void aCompletedCycleIsTheLastCycleAndTheMetersReadWhatStatsShows() throws Exception {
        startACycle();
        stats.skippedIdentical(database(3, 1_767_323_000L), "s3");
        stats.notStarted();
        CycleReport report = stats.cycleCompleted();

        ReplicationView view = stats.view();
        assertEquals("{\"databases\":5,\"changed_last_cycle\":4,\"deferred_last_cycle\":1,\"uploads_success\":1,\"uploads_failed\":2,"
                + "\"bytes_uploaded\":100,\"last_scan\":\"2026-01-02T03:04:05.678Z\",\"skipped_identical\":1,\"bytes_read\":1000,"
                + "\"compression_ratio\":10.0,\"cycles\":1,\"last_scan_duration_ms\":N,\"last_scan_kind\":\"changed directories\","
                + "\"last_cycle_duration_ms\":N,\"last_cycle\":{\"scanned\":5,\"changed\":4,\"deferred\":1,\"unreadable\":2,\"due\":3,"
                + "\"uploaded\":1,\"skipped_identical\":1,\"failed\":2,\"bytes\":100,\"duration_ms\":N},\"cycle_in_progress\":null,"
                + "\"failing\":{\"count\":2,\"recent\":["
                + "{\"tenant\":\"acme/orders/main/dir\",\"path\":\"/fleet/acme/dir.db\",\"target\":null,\"reason\":\"not a file\",\"since\":\"2026-01-02T03:04:06.500Z\"},"
                + "{\"tenant\":\"acme/orders/main/t2\",\"path\":\"/fleet/acme/t2.db\",\"target\":\"s3\",\"reason\":\"refused\",\"since\":\"2026-01-02T03:04:05.678Z\"}]},"
                + "\"oldest_unreplicated_change_seconds\":2046,\"s3_requests\":{\"put\":0,\"get\":0,\"list\":0,\"delete\":0,\"other\":0},"
                + "\"estimated_request_cost_per_day_usd\":N,\"uptime_seconds\":N,\"version\":\"1.2.3\"}", json(view));
        assertEquals(report, view.counters().lastCycle());
        assertEquals(stats.counters(), view.counters(), "the MBean and the meters read the same record /stats shows");
        assertEquals(2, stats.counters().unreadableDirectories(), "the meter's, not a field of /stats");
        assertNull(stats.counters().cycleInProgress());
    }

    @Test
    void drillsShowTheirCountsAndTheLastDamage() throws Exception {
        verify.runCompleted();
        verify.checked();
        verify.checked();
        verify.unreadable();
        clock.freeze(Instant.parse("2026-01-02T03:04:06.5Z"));
        verify.damaged("s3", "acme/orders/main/t1/x.db.lz4", "sha256");
        verify.stopped();

        assertEquals("{\"runs\":2,\"checked\":2,\"failed\":1,\"unreadable\":1,\"stopped\":1,\"last_run\":\"2026-01-02T03:04:06.500Z\","
                + "\"last_failure\":{\"target\":\"s3\",\"key\":\"acme/orders/main/t1/x.db.lz4\",\"check\":\"sha256\",\"at\":\"2026-01-02T03:04:06.500Z\"}}",
                json(verify.view()));
    }

    /** The top level: the replication fields, then the replicator's role and shards, the target shown, each target and the drills. */
    @Test
    void theWholeDocumentKeepsItsFieldsInPlace() throws Exception {
        Map<String, Object> owner = new LinkedHashMap<>();
        owner.put("status", "this replicator");
        owner.put("error", null);
        StatsView.TargetView sound = new StatsView.TargetView(new StatsView.State(true, null), owner);
        StatsView.TargetView full = new StatsView.TargetView(new StatsView.State(false, "disk full"), owner);
        Map<String, StatsView.TargetView> targets = new LinkedHashMap<>();
        targets.put("s3", sound);
        targets.put("file", full);

        String json = JSON.writeValueAsString(new StatsView(stats.view(), true, List.of(0), full, targets, verify.view()));

        List<String> fields = fieldNames(json);
        assertEquals(List.of("databases", "changed_last_cycle", "deferred_last_cycle", "uploads_success", "uploads_failed", "bytes_uploaded",
                "last_scan", "skipped_identical", "bytes_read", "compression_ratio", "cycles", "last_scan_duration_ms", "last_scan_kind",
                "last_cycle_duration_ms", "last_cycle", "cycle_in_progress", "failing", "oldest_unreplicated_change_seconds", "s3_requests",
                "estimated_request_cost_per_day_usd", "uptime_seconds", "version", "leader", "shards", "state", "target_owner", "targets", "verify"), fields);
        assertEquals("\"leader\":true,\"shards\":[0],\"state\":{\"writable\":false,\"error\":\"disk full\"},"
                + "\"target_owner\":{\"status\":\"this replicator\",\"error\":null},"
                + "\"targets\":{\"s3\":{\"state\":{\"writable\":true,\"error\":null},\"target_owner\":{\"status\":\"this replicator\",\"error\":null}},"
                + "\"file\":{\"state\":{\"writable\":false,\"error\":\"disk full\"},\"target_owner\":{\"status\":\"this replicator\",\"error\":null}}},"
                + "\"verify\":{", json.substring(json.indexOf("\"leader\""), json.indexOf("\"verify\"") + "\"verify\":{".length()));
    }

    /** {@code GET /stats/<tenant>}: stored on s3, not yet on the file target, and failing there. */
    @Test
    void aTenantShowsItsLastSnapshotItsFailureAndEachTarget() throws Exception {
        Fingerprint fingerprint = new Fingerprint(8192, 1_767_323_045_123_456_789L, 7, 0, 32, 0, 0);
        ReplicationState.TenantRecord record = new ReplicationState.TenantRecord(Path.of("/fleet/t.db"), Optional.of(fingerprint), "ab12",
                "acme/orders/main/t/20260102T030405.678Z.db.lz4", NOW, Optional.empty());
        Map<String, TenantView.Stored> targets = new LinkedHashMap<>();
        targets.put("s3", TenantView.Stored.of(Optional.of(record)));
        targets.put("file", TenantView.Stored.of(Optional.empty()));
        FailingTenants.Failure failure = new FailingTenants.Failure("acme/orders/main/t", Path.of("/fleet/t.db"), Optional.of("file"), "disk full", NOW);

        TenantView tenant = new TenantView("acme/orders/main/t", "/fleet/t.db", NOW.toString(), record.lastKey(), record.sha256(),
                TenantView.Seen.of(fingerprint), TenantView.LastError.of(ReplicationView.Failure.of(failure)), targets);

        assertEquals("{\"tenant\":\"acme/orders/main/t\",\"path\":\"/fleet/t.db\",\"last_success\":\"2026-01-02T03:04:05.678901Z\","
                + "\"last_key\":\"acme/orders/main/t/20260102T030405.678Z.db.lz4\",\"last_sha256\":\"ab12\","
                + "\"fingerprint\":{\"size\":8192,\"modified\":\"2026-01-02T03:04:05.123456789Z\",\"wal_size\":32},"
                + "\"last_error\":{\"target\":\"file\",\"reason\":\"disk full\",\"since\":\"2026-01-02T03:04:05.678Z\"},"
                + "\"targets\":{\"s3\":{\"last_success\":\"2026-01-02T03:04:05.678901Z\","
                + "\"last_key\":\"acme/orders/main/t/20260102T030405.678Z.db.lz4\",\"verified_at\":null},"
                + "\"file\":{\"last_success\":null,\"last_key\":null,\"verified_at\":null}}}", JSON.writeValueAsString(tenant));
    }

    /** A cycle that found 4 of 5 databases changed (one deferred), 2 directories unreadable; one uploaded, one refused, one not a file. */
    private void startACycle() throws InterruptedException {
        stats.cycleStarted();
        stats.scanCompleted(5, List.of(database(1, 1_767_322_000L), database(2, 1_767_321_000L), database(3, 1_767_323_000L)), 1, 2, false);
        stats.due(3);
        stats.uploaded(database(1, 1_767_322_000L), "s3", 100, 1000);
        stats.failed("acme/orders/main/t2", database(2, 0).path(), Optional.of("s3"), "refused", true);
        clock.freeze(Instant.parse("2026-01-02T03:04:06.5Z"));
        stats.notADatabase("acme/orders/main/dir", Path.of("/fleet/acme/dir.db"), "not a file");
        Thread.sleep(20); // a measurable rate: the progress' rate and its eta are numbers, not null
    }

    private static TenantDatabase database(int n, long changedSecond) {
        return new TenantDatabase(Path.of("/fleet/acme/t" + n + ".db"), "acme/orders/main/t" + n,
                new Fingerprint(4096, changedSecond * 1_000_000_000L, n, 0, 0, 0, 0), true);
    }

    /** The view as /stats writes it, with the values of the monotonic clock masked (their being numbers kept). */
    private static String json(Object view) throws Exception {
        return JSON.writeValueAsString(view).replaceAll("\"(last_scan_duration_ms|last_cycle_duration_ms|duration_ms|rate_per_second|eta_seconds"
                + "|uptime_seconds|estimated_request_cost_per_day_usd)\":[0-9.E-]+", "\"$1\":N");
    }

    private static List<String> fieldNames(String json) throws Exception {
        List<String> names = new java.util.ArrayList<>();
        for (Iterator<String> it = JSON.readTree(json).fieldNames(); it.hasNext();) {
            names.add(it.next());
        }
        return names;
    }
}
