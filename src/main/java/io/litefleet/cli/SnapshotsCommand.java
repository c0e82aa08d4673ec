package io.litefleet.cli;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import io.litefleet.LiteFleetProperties;
import io.litefleet.encryption.AgeException;
import io.litefleet.encryption.AgeIdentities;
import io.litefleet.model.KeySegments;
import io.litefleet.model.StoredSnapshot;
import io.litefleet.storage.Target;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code snapshots <tenant> [--identity FILE]}: a tenant's history, oldest first. */
@Command(name = "snapshots", mixinStandardHelpOptions = true,
         description = "List a tenant's snapshots, oldest first: time, stored size, key, and 'encrypted' for an age-encrypted one "
                 + "(with --identity: whether the identity file can decrypt it).")
final class SnapshotsCommand implements Callable<Integer> {

    /** Enough of an age file for its header (about 100 bytes per recipient) and the start of its payload. */
    private static final int HEAD_BYTES = 16 * 1024;

    @Spec
    CommandSpec spec;

    @Mixin
    TargetOption target;

    @Parameters(paramLabel = "<project>/<database>/<branch>/<tenant>", description = "The tenant's prefix.")
    String tenant;

    @Mixin
    RestoreOptions options;

    @Override
    public Integer call() throws Exception {
        String prefix = RestoreOptions.tenant(spec, tenant);
        Optional<AgeIdentities> identities = options.identities();
        try (Target store = target.open(LiteFleetProperties.load(), 4)) {
            List<StoredSnapshot> snapshots = RestoreOptions.catalog(store).snapshotsOf(prefix);
            if (snapshots.isEmpty()) {
                System.err.println("litefleet: no snapshots of " + KeySegments.decodePath(prefix) + " in " + store.describe());
                return 1;
            }
            for (StoredSnapshot s : snapshots) {
                System.out.printf("%-24s %12d  %s%s%n", s.takenAt(), s.size().orElseThrow(), s.key(), encryption(store, s, identities));
            }
            return 0;
        }
    }

    /**
     * Nothing for a plain snapshot. For an encrypted one with {@code --identity}, whether the file
     * opens it, from the object's first bytes: after a key rotation, which snapshots still need an old identity.
     */
    private static String encryption(Target store, StoredSnapshot snapshot, Optional<AgeIdentities> identities) throws IOException {
        if (!snapshot.encrypted()) {
            return "";
        }
        if (identities.isEmpty()) {
            return "  encrypted";
        }
        try {
            boolean opens = identities.get().canDecrypt(store.head(snapshot.key(), HEAD_BYTES));
            return "  encrypted, " + identities.get().file() + (opens ? " can" : " cannot") + " decrypt it";
        } catch (AgeException e) {
            return "  encrypted, damaged: " + e.getMessage();
        }
    }
}
