package io.litefleet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.litefleet.discovery.FleetScanner;
import io.litefleet.model.TenantDatabase;
import io.litefleet.settings.LiteFleetSettings;
import io.litefleet.state.ReplicationState;
import io.litefleet.state.ReplicationStates;
import io.litefleet.stats.ReplicationStats;
import io.litefleet.testing.TestSettings;

/**
 * A tree of empty database files (see {@link FleetTree}) with a replication state that records
 * every one as replicated, as after a first sync: the replicator finds nothing to do. The files are
 * not SQLite databases, so the state is written directly rather than by uploading.
 */
record IdleFleet(Path data, Map<String, String> properties, double firstSyncRecordMillis) {

    static IdleFleet prepare(Path work, int n) throws Exception {
        Path data = FleetTree.ofEmptyFiles(work, n);
        Map<String, String> properties = Map.of(
                "litefleet.discovery-pattern", FleetTree.pattern(data),
                "litefleet.target", "file",
                "litefleet.file.directory", data.resolveSibling("replica").toString(),
                "litefleet.state-directory", data.resolveSibling("state").toString());
        Path recorded = data.resolveSibling("state-recorded-ms");
        if (!Files.exists(recorded)) {
            LiteFleetSettings settings = TestSettings.load(properties);
            ReplicationStats stats = Measure.stats(settings);
            try (ReplicationState state = ReplicationState.open(settings.stateDirectory(), settings.targetIdentity(settings.targets().get(0)))) {
                List<TenantDatabase> all = new FleetScanner(settings.discoveryPattern(), settings.pathTemplate(), ReplicationStates.of(state), stats).scan();
                long start = System.nanoTime();
                for (TenantDatabase db : all) {
                    state.recordUpload(db.path(), db.prefix(), Optional.of(db.fingerprint()), "0".repeat(64),
                            db.prefix() + "/20261127T000000.000Z.db.lz4", Instant.now());
                }
                Files.writeString(recorded, Long.toString((System.nanoTime() - start) / 1_000_000));
            }
        }
        return new IdleFleet(data, properties, Double.parseDouble(Files.readString(recorded)));
    }
}
