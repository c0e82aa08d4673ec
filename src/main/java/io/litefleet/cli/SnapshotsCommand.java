package io.litefleet.cli;

import java.util.List;
import java.util.concurrent.Callable;

import io.litefleet.LiteFleetProperties;
import io.litefleet.restore.SnapshotEntry;
import io.litefleet.storage.KeySegments;
import io.litefleet.storage.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code snapshots <tenant>}: a tenant's history, oldest first. */
@Command(name = "snapshots", mixinStandardHelpOptions = true,
         description = "List a tenant's snapshots, oldest first: time, compressed size, key.")
final class SnapshotsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOption target;

    @Parameters(paramLabel = "<project>/<database>/<branch>/<tenant>", description = "The tenant's key prefix.")
    String tenant;

    @Override
    public Integer call() throws Exception {
        String prefix = RestoreOptions.tenant(spec, tenant);
        try (SnapshotStore store = target.open(LiteFleetProperties.load(), 4)) {
            List<SnapshotEntry> snapshots = RestoreOptions.catalog(store).snapshotsOf(prefix);
            if (snapshots.isEmpty()) {
                System.err.println("litefleet: no snapshots of " + KeySegments.decodePath(prefix) + " in " + store.describe());
                return 1;
            }
            for (SnapshotEntry s : snapshots) {
                System.out.printf("%-24s %12d  %s%n", s.takenAt(), s.size(), s.key());
            }
            return 0;
        }
    }
}
