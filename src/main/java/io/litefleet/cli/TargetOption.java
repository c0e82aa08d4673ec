package io.litefleet.cli;

import java.util.Optional;

import io.litefleet.settings.LiteFleetSettings;
import io.litefleet.storage.Target;
import picocli.CommandLine.Option;

/** {@code --target NAME}: which of litefleet.target a reading command reads (default: the first). */
final class TargetOption {

    @Option(names = "--target", paramLabel = "NAME", description = "the target to read, one of litefleet.target (default: the first)")
    String name;

    Target open(LiteFleetSettings settings, int connections) {
        return settings.openTarget(settings.target(Optional.ofNullable(name)), connections);
    }
}
