package io.litefleet.cli;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.litefleet.LiteFleetProperties;
import io.litefleet.encryption.AgeIdentities;
import io.litefleet.restore.FleetRestorer;
import io.litefleet.restore.RestoreProgress;
import io.litefleet.restore.SnapshotRestorer;
import io.litefleet.settings.LiteFleetSettings;
import io.litefleet.storage.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code restore-all [PREFIX] --to DIR [--at INSTANT] [--parallelism N] [--force] [--identity FILE]}. */
@Command(name = "restore-all", mixinStandardHelpOptions = true,
         description = "Restore every tenant under PREFIX into DIR, laid out like the discovery pattern.")
final class RestoreAllCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOption target;

    @Parameters(arity = "0..1", paramLabel = "PREFIX", defaultValue = "",
                description = "Whole key segments, such as acme or acme/orders (default: every tenant).")
    String prefix;

    @Option(names = "--to", required = true, paramLabel = "DIR", description = "Directory to restore into.")
    Path directory;

    @Option(names = "--at", paramLabel = "INSTANT", converter = InstantConverter.class,
            description = "Restore the state at this ISO-8601 instant (default: the newest snapshots).")
    Instant at;

    @Option(names = "--parallelism", defaultValue = "8", paramLabel = "N",
            description = "Tenants restored at once (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Option(names = "--force", description = "Replace databases that exist in DIR (and remove their -wal, -shm, -journal).")
    boolean force;

    @Mixin
    RestoreOptions options;

    @Override
    public Integer call() throws Exception {
        String under = prefix.isEmpty() ? "" : RestoreOptions.tenant(spec, prefix);
        LiteFleetSettings settings = LiteFleetProperties.load();
        Optional<AgeIdentities> identities = options.identities();
        try (Target store = target.open(settings, parallelism)) {
            FleetRestorer restorer = new FleetRestorer(RestoreOptions.catalog(store), new SnapshotRestorer(store, identities),
                    settings.pathTemplate(), settings.discoveryPattern());
            FleetRestorer.Summary summary = restorer.restoreAll(under, directory, Optional.ofNullable(at), parallelism,
                    force, RestoreProgress.onConsole());
            if (summary.tenants() == 0) {
                System.err.println("litefleet: no snapshots under '" + under + "' in " + store.describe());
                return 1;
            }
            System.out.printf("restored %d of %d tenants (%s) into %s%n", summary.restored(), summary.tenants(),
                    RestoreProgress.human(summary.bytes()), directory);
            summary.skipped().forEach(s -> System.out.println("skipped " + s));
            summary.failed().forEach(f -> System.err.println("FAILED " + f));
            return summary.complete() ? 0 : 1;
        }
    }
}
