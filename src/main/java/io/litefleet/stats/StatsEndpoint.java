package io.litefleet.stats;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.litefleet.model.KeySegments;
import io.litefleet.model.ObjectKeys;
import io.litefleet.state.ReplicationState;
import io.litefleet.state.StateHealth;
import org.apache.camel.Exchange;
import org.apache.camel.Header;

/**
 * {@code GET /stats} (the whole replicator) and {@code GET /stats/<project>/<database>/<branch>/<tenant>}
 * (one tenant: its last stored snapshot, fingerprint and current failure; 404 when unknown).
 */
public final class StatsEndpoint {

    private static final String ROOT = "/stats";

    private final ReplicationStats stats;
    private final VerifyStats verify;
    private final Supplier<List<TargetStatus>> targets;
    private final BooleanSupplier leads;
    private final Supplier<List<Integer>> shards;
    private final Predicate<String> replicates;

    /**
     * @param targets in the order of litefleet.target
     * @param leads   whether this replicator replicates: always, unless it is a standby of a cluster
     */
    public StatsEndpoint(ReplicationStats stats, VerifyStats verify, List<TargetStatus> targets, BooleanSupplier leads) {
        this(stats, verify, () -> targets, leads, () -> leads.getAsBoolean() ? List.of(0) : List.of(), prefix -> true);
    }

    /**
     * @param targets    those of the shards this member holds now (see {@code io.litefleet.state.ShardedStates})
     * @param shards     the shards it holds now
     * @param replicates whether the tenant of a prefix is in one of them
     */
    public StatsEndpoint(ReplicationStats stats, VerifyStats verify, Supplier<List<TargetStatus>> targets, BooleanSupplier leads,
            Supplier<List<Integer>> shards, Predicate<String> replicates) {
        this.stats = stats;
        this.verify = verify;
        this.targets = targets;
        this.leads = leads;
        this.shards = shards;
        this.replicates = replicates;
    }

    /**
     * An HTTP status and the document to send as JSON.
     *
     * @param document a {@link StatsView}, a {@link TenantView}, or an error
     */
    public record Answer(int status, Object document) {
    }

    /** @param path the request's path, {@code /stats...} or what follows it */
    public Answer answer(@Header(Exchange.HTTP_PATH) String path) throws SQLException {
        if (path == null) {
            path = "";
        }
        if (!path.startsWith(ROOT)) {
            path = ROOT + (path.startsWith("/") ? "" : "/") + path;
        }
        String rest = path.substring(ROOT.length());
        if (!rest.isEmpty() && !rest.startsWith("/")) {
            return notFound("unknown path", path); // /statsfoo is not /stats
        }
        // tenant names may hold any character a directory name can: they arrive percent-encoded
        String tenant = URLDecoder.decode(rest.replace("+", "%2B"), StandardCharsets.UTF_8).replaceAll("^/+|/+$", "");
        if (tenant.isEmpty()) {
            return new Answer(200, view());
        }
        if (!leads.getAsBoolean()) {
            // a standby does not open the replication state, which the leader writes
            return new Answer(503, Map.of("error", "this replicator is a standby: ask the leader", "tenant", tenant, "leader", false));
        }
        String prefix;
        try {
            // asked for by its names (acme/orders/main/100%), found by its prefix (…/100%25)
            prefix = ObjectKeys.prefixOf(tenant);
        } catch (IllegalArgumentException e) {
            return notFound("unknown tenant", tenant); // no name of a database spells it that way
        }
        if (!replicates.test(prefix)) {
            // another member of a sharded group leads this tenant's shard: its state is there
            return new Answer(503, Map.of("error", "another member replicates this tenant's shard: ask it", "tenant", tenant,
                    "shards", shards.get()));
        }
        Optional<TenantView> found = tenantByPrefix(prefix);
        return found.isPresent() ? new Answer(200, found.get()) : notFound("unknown tenant", tenant);
    }

    /** {@code GET /stats}: one reading of every counter. */
    public StatsView view() {
        List<TargetStatus> targets = this.targets.get();
        // the first target in trouble, else the first: what stops uploads shows at the top (none while
        // a member of a sharded group holds no shard)
        Optional<TargetStatus> shown = targets.stream().filter(t -> !t.state().health().writable() || t.owner().other().isPresent())
                .findFirst().or(() -> targets.stream().findFirst());
        Map<String, StatsView.TargetView> each = new LinkedHashMap<>();
        for (TargetStatus target : targets) {
            each.put(target.name(), targetView(target));
        }
        return new StatsView(stats.view(), leads.getAsBoolean(), shards.get(), shown.map(StatsEndpoint::targetView).orElse(null),
                Collections.unmodifiableMap(each), verify.view());
    }

    private static StatsView.TargetView targetView(TargetStatus target) {
        StateHealth health = target.state().health();
        return new StatsView.TargetView(new StatsView.State(health.writable(), health.error().orElse(null)),
                Collections.unmodifiableMap(target.owner().json()));
    }

    private static Answer notFound(String error, String what) {
        return new Answer(404, Map.of("error", error, "tenant", what));
    }

    /** The first target's record at the top (the target the reading commands use); each target's under {@code targets}. */
    private Optional<TenantView> tenantByPrefix(String tenant) throws SQLException {
        Map<String, TenantView.Stored> each = new LinkedHashMap<>();
        Optional<ReplicationState.TenantRecord> record = Optional.empty();
        for (TargetStatus target : targets.get()) {
            Optional<ReplicationState.TenantRecord> own = target.state().tenant(tenant);
            each.put(target.name(), TenantView.Stored.of(own));
            record = record.or(() -> own);
        }
        Optional<ReplicationView.Failure> failure = stats.failing().of(tenant).map(ReplicationView.Failure::of);
        if (record.isEmpty() && failure.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new TenantView(KeySegments.decodePath(tenant), record.map(r -> r.path().toString()).orElseGet(() -> failure.get().path()),
                record.map(r -> r.lastTime().toString()).orElse(null), record.map(ReplicationState.TenantRecord::lastKey).orElse(null),
                record.map(ReplicationState.TenantRecord::sha256).orElse(null),
                record.flatMap(ReplicationState.TenantRecord::fingerprint).map(TenantView.Seen::of).orElse(null),
                failure.map(TenantView.LastError::of).orElse(null), Collections.unmodifiableMap(each)));
    }
}
