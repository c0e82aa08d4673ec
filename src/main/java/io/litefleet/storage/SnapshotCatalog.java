package io.litefleet.storage;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Consumer;

import io.litefleet.model.ObjectKeys;
import io.litefleet.model.StoredSnapshot;

/**
 * What a target holds, read through paginated listings by prefix: never one request per tenant.
 * Keys that are not {@code <tenant>/<timestamp>.db.lz4} (or {@code .db.lz4.age}) are skipped with a note.
 */
public final class SnapshotCatalog {

    private final Target target;
    private final Consumer<String> notes;

    public SnapshotCatalog(Target target, Consumer<String> notes) {
        this.target = target;
        this.notes = notes;
    }

    /** One tenant's snapshots, oldest first. */
    public List<StoredSnapshot> snapshotsOf(String tenant) throws IOException {
        return tenantsUnder(ObjectKeys.checkPrefix(tenant) + "/").getOrDefault(tenant, List.of());
    }

    /**
     * Every tenant under {@code prefix} (whole key segments, such as {@code acme} or
     * {@code acme/orders}; empty for all), each with its snapshots oldest first, from one listing.
     */
    public Map<String, List<StoredSnapshot>> tenantsUnder(String prefix) throws IOException {
        Map<String, List<StoredSnapshot>> tenants = new TreeMap<>();
        for (Target.StoredObject object : target.list(prefix)) {
            Optional<StoredSnapshot> parsed = ObjectKeys.parse(object.key());
            if (parsed.isEmpty() && object.key().startsWith(OwnerMarker.RESERVED_PREFIX)) {
                continue; // LiteFleet's own (the owner marker), not worth a note
            }
            if (parsed.isEmpty()) {
                notes.accept("ignoring " + object.key() + ": not a <tenant>/<yyyyMMddTHHmmss.SSSZ>.db.lz4[.age] snapshot key");
                continue;
            }
            tenants.computeIfAbsent(parsed.get().prefix(), t -> new ArrayList<>()).add(parsed.get().listed(object.size()));
        }
        tenants.values().forEach(list -> list.sort(Comparator.comparing(StoredSnapshot::takenAt)));
        return tenants;
    }

    /** The newest snapshot taken at or before {@code at} (the newest of all without it). */
    public static Optional<StoredSnapshot> newestAtOrBefore(List<StoredSnapshot> oldestFirst, Optional<Instant> at) {
        StoredSnapshot chosen = null;
        for (StoredSnapshot entry : oldestFirst) {
            if (at.isPresent() && entry.takenAt().isAfter(at.get())) {
                break;
            }
            chosen = entry;
        }
        return Optional.ofNullable(chosen);
    }
}
