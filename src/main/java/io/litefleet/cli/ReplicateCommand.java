package io.litefleet.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import io.litefleet.LiteFleetApplication;
import io.litefleet.LiteFleetProperties;
import io.litefleet.model.InvalidSettingException;
import io.litefleet.settings.LiteFleetSettings;
import io.litefleet.settings.WritableDirectory;
import io.litefleet.snapshot.TemporarySnapshots;
import io.litefleet.stats.CycleReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code replicate [--once]}: the replicator. */
@Command(name = "replicate", mixinStandardHelpOptions = true,
         description = "Replicate changed databases every litefleet.sync-interval (the default command).")
final class ReplicateCommand implements Callable<Integer> {

    @Option(names = "--once", description = "Run one cycle, wait for its uploads, print a summary and exit: "
            + "0 when every changed database was replicated, 1 otherwise.")
    boolean once;

    @Override
    public Integer call() throws Exception {
        LiteFleetSettings settings = LiteFleetProperties.load();
        if (!once) {
            if (!settings.cluster().enabled()) {
                holdTemporaryFilesInTheStateDirectory(settings);
            }
            return new LiteFleetApplication(Map.of()).runUntilStopped();
        }
        if (settings.cluster().enabled()) {
            // one cycle needs the state at once, not after an election
            throw new InvalidSettingException(LiteFleetSettings.PREFIX + "cluster.service", "replicate --once takes no part in a "
                    + "cluster: run it with " + LiteFleetSettings.PREFIX + "cluster.service=none, while no member of the cluster runs");
        }
        holdTemporaryFilesInTheStateDirectory(settings);
        try (LiteFleetApplication app = new LiteFleetApplication(
                // one cycle, no timer: no restore drill either
                Map.of("litefleet.schedule-enabled", "false", "litefleet.verify.interval", "0")).start()) {
            CycleReport report = app.runCycle();
            System.out.println((report.allReplicated() ? "replicated: " : "incomplete: ") + report.summary());
            return report.allReplicated() ? 0 : 1;
        }
    }

    /**
     * Before any library unpacks a file into /tmp, where a kill -9 would leave it for good. Not for a
     * member of a cluster: the state directory is shared, and a standby's files there would be swept
     * by the leader (the JVM's temporary files stay in java.io.tmpdir).
     */
    private static void holdTemporaryFilesInTheStateDirectory(LiteFleetSettings settings) {
        WritableDirectory.check(settings.stateDirectory(), LiteFleetSettings.PREFIX + "state-directory");
        Path temporary = settings.temporaryDirectory();
        try {
            TemporarySnapshots.holdJvmTemporaryFiles(temporary);
        } catch (IOException e) {
            throw new InvalidSettingException(LiteFleetSettings.PREFIX + "state-directory",
                    "cannot prepare " + temporary.toAbsolutePath() + " (" + e.getMessage() + ")");
        }
    }
}
