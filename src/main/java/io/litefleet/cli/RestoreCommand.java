package io.litefleet.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.litefleet.LiteFleetProperties;
import io.litefleet.encryption.AgeIdentities;
import io.litefleet.model.KeySegments;
import io.litefleet.model.StoredSnapshot;
import io.litefleet.restore.RestoreException;
import io.litefleet.restore.SnapshotRestorer;
import io.litefleet.storage.SnapshotCatalog;
import io.litefleet.storage.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code restore <tenant> -o FILE [--at INSTANT] [--force] [--identity FILE]}. */
@Command(name = "restore", mixinStandardHelpOptions = true,
         description = "Restore a tenant from its newest snapshot at or before --at, verified, atomically.")
final class RestoreCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOption target;

    @Parameters(paramLabel = "<project>/<database>/<branch>/<tenant>", description = "The tenant's prefix.")
    String tenant;

    @Option(names = { "-o", "--output" }, required = true, paramLabel = "FILE", description = "The database file to write.")
    Path output;

    @Option(names = "--at", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Restore the state at this ISO-8601 instant (default: the newest snapshot).")
    Instant at;

    @Option(names = "--force", description = "Replace FILE if it exists, and remove its -wal, -shm, -journal.")
    boolean force;

    @Mixin
    RestoreOptions options;

    @Override
    public Integer call() throws Exception {
        String prefix = RestoreOptions.tenant(spec, tenant);
        Optional<AgeIdentities> identities = options.identities();
        try (Target store = target.open(LiteFleetProperties.load(), 4)) {
            Optional<StoredSnapshot> snapshot = SnapshotCatalog.newestAtOrBefore(
                    RestoreOptions.catalog(store).snapshotsOf(prefix), Optional.ofNullable(at));
            if (snapshot.isEmpty()) {
                System.err.println("litefleet: no snapshot of " + KeySegments.decodePath(prefix) + (at == null ? "" : " at or before " + at)
                        + " in " + store.describe());
                return 1;
            }
            long size = new SnapshotRestorer(store, identities).restore(snapshot.get(), output, force);
            System.out.printf("restored %s (taken %s, %d bytes) to %s%n", KeySegments.decodePath(prefix), snapshot.get().takenAt(), size, output);
            return 0;
        } catch (RestoreException e) {
            System.err.println("litefleet: restore refused: " + e.getMessage());
            return 1;
        }
    }
}
