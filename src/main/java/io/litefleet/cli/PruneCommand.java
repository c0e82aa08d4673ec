package io.litefleet.cli;

import java.util.concurrent.Callable;

import io.litefleet.LiteFleetProperties;
import io.litefleet.retention.TargetPruner;
import io.litefleet.settings.LiteFleetSettings;
import io.litefleet.storage.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code prune [PREFIX] [--dry-run]}: the retention rules over the whole target, once. */
@Command(name = "prune", mixinStandardHelpOptions = true,
         description = "Delete every snapshot under PREFIX that no litefleet.retention rule keeps (one paginated listing).")
final class PruneCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOption target;

    @Parameters(arity = "0..1", paramLabel = "PREFIX", defaultValue = "",
                description = "Whole key segments, such as acme or acme/orders (default: every tenant).")
    String prefix;

    @Option(names = "--dry-run", description = "Only list what would be deleted.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        String under = prefix.isEmpty() ? "" : RestoreOptions.tenant(spec, prefix);
        LiteFleetSettings settings = LiteFleetProperties.load();
        if (settings.retention().isEmpty()) {
            System.err.println("litefleet: litefleet.retention.enabled=false: deletion is left to the bucket's lifecycle rules");
            return 1;
        }
        try (Target store = target.open(settings, 4)) {
            TargetPruner.Summary summary = new TargetPruner(RestoreOptions.catalog(store), store, settings.retention().get())
                    .prune(under, dryRun, key -> System.out.println((dryRun ? "would delete " : "delete ") + key));
            System.out.printf("%s %d of %d snapshots of %d tenants in %s%n", dryRun ? "would delete" : "deleted",
                    summary.expired(), summary.snapshots(), summary.tenants(), store.describe());
            return 0;
        }
    }
}
