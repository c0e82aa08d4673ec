package io.litefleet.cli;

import java.util.concurrent.Callable;

import io.litefleet.model.InvalidSettingException;
import io.litefleet.model.Messages;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code litefleet} command; without a subcommand it replicates forever. */
@Command(name = "litefleet", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
         description = "Continuous backup of fleets of SQLite databases to S3.",
         subcommands = { ReplicateCommand.class, SnapshotsCommand.class, RestoreCommand.class, RestoreAllCommand.class, PruneCommand.class, VerifyCommand.class,
                         GenerateCommand.class })
public final class LiteFleetCommand implements Callable<Integer> {

    /** Exit code of a command that failed, such as a listing the target refused. */
    static final int FAILED = 1;
    /** Exit code of a configuration mistake. */
    static final int INVALID_CONFIGURATION = 2;

    @Override
    public Integer call() throws Exception {
        return new ReplicateCommand().call();
    }

    /**
     * Parses and runs. Whatever a command throws ends as one line on stderr, never a stack trace: a
     * configuration mistake with exit 2, anything else (an unreachable target, a refused
     * listing) with exit 1. The messages name what failed, such as the bucket and prefix.
     */
    public static int execute(String... args) {
        CommandLine commandLine = new CommandLine(new LiteFleetCommand());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            InvalidSettingException invalid = findInvalidSetting(e);
            if (invalid != null) {
                cmd.getErr().println("litefleet: invalid configuration: " + invalid.getMessage());
                return INVALID_CONFIGURATION;
            }
            cmd.getErr().println("litefleet: " + Messages.oneLine(e.getMessage() == null ? e.toString() : e.getMessage()));
            return FAILED;
        });
        return commandLine.execute(args);
    }

    static InvalidSettingException findInvalidSetting(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidSettingException invalid) {
                return invalid;
            }
        }
        return null;
    }
}
