package io.litefleet.cli;

import java.util.Optional;
import java.util.concurrent.Callable;

import io.litefleet.LiteFleetProperties;
import io.litefleet.restore.RestoreProgress;
import io.litefleet.restore.SnapshotRestorer;
import io.litefleet.restore.SnapshotVerifier;
import io.litefleet.storage.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code verify [PREFIX] [--all | --sample N] [--parallelism N] [--target NAME] [--identity FILE]}. */
@Command(name = "verify", mixinStandardHelpOptions = true,
         description = "Read stored snapshots back and check each as restore would; exit 1 naming each damaged one.")
final class VerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOption target;

    @Parameters(arity = "0..1", paramLabel = "PREFIX", defaultValue = "",
                description = "Whole key segments, such as acme or acme/orders (default: every tenant).")
    String prefix;

    @Option(names = "--all", description = "Every retained snapshot of each tenant (default: the newest).")
    boolean all;

    @Option(names = "--sample", paramLabel = "N", description = "N tenants chosen at random (default: every tenant).")
    Integer sample;

    @Option(names = "--parallelism", defaultValue = "8", paramLabel = "N",
            description = "Snapshots checked at once (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Mixin
    RestoreOptions options;

    @Override
    public Integer call() throws Exception {
        if (sample != null && sample < 1) {
            throw new ParameterException(spec.commandLine(), "--sample must be 1 or more");
        }
        if (parallelism < 1) {
            throw new ParameterException(spec.commandLine(), "--parallelism must be 1 or more");
        }
        String under = prefix.isEmpty() ? "" : RestoreOptions.tenant(spec, prefix);
        try (Target store = target.open(LiteFleetProperties.load(), parallelism)) {
            SnapshotVerifier.Summary summary = new SnapshotVerifier(RestoreOptions.catalog(store),
                    new SnapshotRestorer(store, options.identities()))
                    .verify(under, all, Optional.ofNullable(sample), parallelism, RestoreProgress.onConsole("snapshots"));
            if (summary.tenants() == 0) {
                System.err.println("litefleet: no snapshots under '" + under + "' in " + store.describe());
                return 1;
            }
            summary.failed().forEach(f -> System.err.println("FAILED " + f));
            System.out.printf("verified %d snapshots of %d tenants in %s: %d sound, %d damaged%n", summary.checked(),
                    summary.tenants(), store.describe(), summary.checked() - summary.failed().size(), summary.failed().size());
            return summary.sound() ? 0 : 1;
        }
    }
}
