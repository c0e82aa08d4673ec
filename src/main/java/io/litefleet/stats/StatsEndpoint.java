package io.litefleet.stats;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import io.litefleet.state.ReplicationState;
import io.litefleet.storage.KeySegments;
import io.litefleet.storage.ObjectKeys;
import org.apache.camel.Exchange;

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

    /**
     * @param targets in the order of litefleet.target
     * @param leads   whether this replicator replicates: always, unless it is a standby of a cluster
     */
    public StatsEndpoint(ReplicationStats stats, VerifyStats verify, List<TargetStatus> targets, BooleanSupplier leads) {
        this(stats, verify, () -> targets, leads, () -> leads.getAsBoolean() ? List.of(0) : List.of());
    }

    /**
     * @param targets those of the shards this member holds now (see {@code io.litefleet.state.ShardedStates})
     * @param shards  the shards it holds now
     */
    public StatsEndpoint(ReplicationStats stats, VerifyStats verify, Supplier<List<TargetStatus>> targets, BooleanSupplier leads,
            Supplier<List<Integer>> shards) {
        this.stats = stats;
        this.verify = verify;
        this.targets = targets;
        this.leads = leads;
        this.shards = shards;
    }

    /** The JSON document for the request's path; sets the response code. */
    public Map<String, Object> answer(Exchange exchange) throws SQLException {
        String path = exchange.getMessage().getHeader(Exchange.HTTP_PATH, "", String.class);
        if (!path.startsWith(ROOT)) {
            path = ROOT + (path.startsWith("/") ? "" : "/") + path;
        }
        String rest = path.substring(ROOT.length());
        if (!rest.isEmpty() && !rest.startsWith("/")) {
            return notFound(exchange, "unknown path", path); // /statsfoo is not /stats
        }
        // tenant names may hold any character a directory name can: they arrive percent-encoded
        String tenant = URLDecoder.decode(rest.replace("+", "%2B"), StandardCharsets.UTF_8).replaceAll("^/+|/+$", "");
        if (tenant.isEmpty()) {
            Map<String, Object> json = stats.snapshot();
            json.put("leader", leads.getAsBoolean());
            json.put("shards", shards.get());
            List<TargetStatus> targets = this.targets.get();
            // the first target in trouble, else the first: what stops uploads shows at the top
            TargetStatus shown = targets.stream().filter(t -> !t.state().health().writable() || t.owner().other().isPresent())
                    .findFirst().orElse(targets.get(0));
            json.put("state", stateJson(shown));
            json.put("target_owner", shown.owner().json());
            Map<String, Object> each = new LinkedHashMap<>();
            for (TargetStatus target : targets) {
                each.put(target.name(), Map.of("state", stateJson(target), "target_owner", target.owner().json()));
            }
            json.put("targets", each);
            json.put("verify", verify.json());
            return json;
        }
        if (!leads.getAsBoolean()) {
            // a standby does not open the replication state, which the leader writes
            exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 503);
            return Map.of("error", "this replicator is a standby: ask the leader", "tenant", tenant, "leader", false);
        }
        Optional<Map<String, Object>> found = tenant(tenant);
        return found.isPresent() ? found.get() : notFound(exchange, "unknown tenant", tenant);
    }

    /** A tenant asked for by its names ({@code acme/orders/main/100%}), found by its key prefix ({@code …/100%25}). */
    private Optional<Map<String, Object>> tenant(String names) throws SQLException {
        try {
            return tenantByPrefix(ObjectKeys.tenantPrefix(names));
        } catch (IllegalArgumentException e) {
            return Optional.empty(); // no name of a database spells it that way
        }
    }

    /** Whether the replication state records; while it cannot, no upload starts. */
    private static Map<String, Object> stateJson(TargetStatus target) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("writable", target.state().health().writable());
        json.put("error", target.state().health().error().orElse(null));
        return json;
    }

    private static Map<String, Object> notFound(Exchange exchange, String error, String what) {
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, 404);
        return Map.of("error", error, "tenant", what);
    }

    /** The first target's record at the top (the target the reading commands use); each target's under {@code targets}. */
    private Optional<Map<String, Object>> tenantByPrefix(String tenant) throws SQLException {
        Map<String, Object> each = new LinkedHashMap<>();
        Optional<ReplicationState.TenantRecord> record = Optional.empty();
        for (TargetStatus target : targets.get()) {
            Optional<ReplicationState.TenantRecord> own = target.state().tenant(tenant);
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("last_success", own.map(r -> r.lastTime().toString()).orElse(null));
            one.put("last_key", own.map(ReplicationState.TenantRecord::lastKey).orElse(null));
            one.put("verified_at", own.flatMap(ReplicationState.TenantRecord::verifiedAt).map(Instant::toString).orElse(null));
            each.put(target.name(), one);
            record = record.or(() -> own);
        }
        Optional<FailingTenants.Failure> failure = stats.failing().of(tenant);
        if (record.isEmpty() && failure.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("tenant", KeySegments.decodePath(tenant));
        json.put("path", record.map(r -> r.path().toString()).orElseGet(() -> failure.get().path().toString()));
        json.put("last_success", record.map(r -> r.lastTime().toString()).orElse(null));
        json.put("last_key", record.map(ReplicationState.TenantRecord::lastKey).orElse(null));
        json.put("last_sha256", record.map(ReplicationState.TenantRecord::sha256).orElse(null));
        json.put("fingerprint", record.flatMap(ReplicationState.TenantRecord::fingerprint).map(f -> Map.of(
                "size", f.size(), "modified", f.changedAt().toString(), "wal_size", f.walSize())).orElse(null));
        json.put("last_error", failure.map(f -> {
            Map<String, Object> error = new LinkedHashMap<>();
            error.put("target", f.target().orElse(null));
            error.put("reason", f.reason());
            error.put("since", f.since().truncatedTo(ChronoUnit.MILLIS).toString());
            return error;
        }).orElse(null));
        json.put("targets", each);
        return Optional.of(json);
    }
}
