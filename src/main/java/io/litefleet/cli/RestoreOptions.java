package io.litefleet.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

import io.litefleet.encryption.AgeIdentities;
import io.litefleet.model.ObjectKeys;
import io.litefleet.storage.SnapshotCatalog;
import io.litefleet.storage.Target;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * What the read-side commands share: the checks of their arguments, and {@code --identity} (a
 * {@code @Mixin} of each command that reads snapshots; {@link TargetOption} is the other).
 */
final class RestoreOptions {

    @Option(names = "--identity", paramLabel = "FILE",
            description = "age identity file (AGE-SECRET-KEY-1..., as age-keygen writes it) for encrypted snapshots; each identity in it is tried.")
    Path identity;

    /**
     * The identities of {@code --identity}; empty without it.
     *
     * @throws IllegalArgumentException naming the file and what is wrong with it (never a key)
     */
    Optional<AgeIdentities> identities() {
        if (identity == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(AgeIdentities.read(identity));
        } catch (IOException e) {
            throw new IllegalArgumentException("--identity: cannot read " + identity + " (" + e.getClass().getSimpleName() + ")", e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--identity: " + e.getMessage(), e);
        }
    }

    /** Notes about ignored keys go to stderr, so stdout stays a clean listing. */
    static SnapshotCatalog catalog(Target target) {
        Consumer<String> notes = note -> System.err.println("note: " + note);
        return new SnapshotCatalog(target, notes);
    }

    /**
     * The prefix of a tenant given by its names, such as acme/orders/main/t0042, or a usage
     * error naming what is wrong with it.
     */
    static String tenant(CommandSpec spec, String value) {
        String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        try {
            return ObjectKeys.prefixOf(trimmed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
