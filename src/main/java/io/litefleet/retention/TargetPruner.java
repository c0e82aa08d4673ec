package io.litefleet.retention;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import io.litefleet.model.StoredSnapshot;
import io.litefleet.storage.SnapshotCatalog;
import io.litefleet.storage.Target;

/**
 * The {@code prune} command: applies the retention rules to everything the target holds under a
 * prefix, from one paginated listing. For use after the replication state was lost, or after the
 * rules changed; in steady state the replicator prunes each tenant from its state, without listing.
 */
public final class TargetPruner {

    /** What a prune found and did. */
    public record Summary(int tenants, int snapshots, int expired, boolean dryRun) {
    }

    private final SnapshotCatalog catalog;
    private final Target target;
    private final RetentionPolicy policy;

    public TargetPruner(SnapshotCatalog catalog, Target target, RetentionPolicy policy) {
        this.catalog = catalog;
        this.target = target;
        this.policy = policy;
    }

    /** @param expiredKey told each key that no rule keeps, before it is deleted (or not, in a dry run) */
    public Summary prune(String prefix, boolean dryRun, Consumer<String> expiredKey) throws IOException {
        Map<String, List<StoredSnapshot>> tenants = catalog.tenantsUnder(prefix.isEmpty() ? "" : prefix + "/");
        List<String> expired = new ArrayList<>();
        int snapshots = 0;
        for (List<StoredSnapshot> history : tenants.values()) {
            snapshots += history.size();
            policy.expired(history, StoredSnapshot::takenAt).forEach(s -> expired.add(s.key()));
        }
        expired.forEach(expiredKey);
        if (!dryRun) {
            target.delete(expired);
        }
        return new Summary(tenants.size(), snapshots, expired.size(), dryRun);
    }
}
