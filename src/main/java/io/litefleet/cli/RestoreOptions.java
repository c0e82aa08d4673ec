package io.litefleet.cli;

import java.util.function.Consumer;

import io.litefleet.restore.SnapshotCatalog;
import io.litefleet.storage.ObjectKeys;
import io.litefleet.storage.SnapshotStore;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** What the read-side commands share: the checks of their arguments. */
final class RestoreOptions {

    private RestoreOptions() {
    }

    /** Notes about ignored keys go to stderr, so stdout stays a clean listing. */
    static SnapshotCatalog catalog(SnapshotStore store) {
        Consumer<String> notes = note -> System.err.println("note: " + note);
        return new SnapshotCatalog(store, notes);
    }

    /**
     * The key prefix of a tenant given by its names, such as acme/orders/main/t0042, or a usage
     * error naming what is wrong with it.
     */
    static String tenant(CommandSpec spec, String value) {
        String trimmed = value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        try {
            return ObjectKeys.tenantPrefix(trimmed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }
}
