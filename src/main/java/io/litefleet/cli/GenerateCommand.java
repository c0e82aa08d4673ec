package io.litefleet.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import io.litefleet.sample.SampleFleet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code generate --root DIR --tenants N}: sample databases for demos and benchmarks. */
@Command(name = "generate", mixinStandardHelpOptions = true,
         description = "Create sample tenant databases in the seed layout, half in WAL mode.")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--root", required = true, description = "Directory to create them under, e.g. data.")
    Path root;

    @Option(names = "--tenants", required = true, description = "How many tenant databases.")
    int tenants;

    @Option(names = "--rows", defaultValue = "100", description = "Rows per database (default: ${DEFAULT-VALUE}).")
    int rows;

    @Override
    public Integer call() throws Exception {
        SampleFleet.generate(root, tenants, rows);
        System.out.printf("created %d tenant databases under %s%n", tenants, root.toAbsolutePath());
        return 0;
    }
}
