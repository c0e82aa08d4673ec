package io.litefleet.storage;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The small object that says which replicator writes to a target: the id of its replication
 * state, where that state lives, and when it last said so. Stored as JSON under {@link #KEY}, which
 * is not a snapshot key, so the catalog and pruning leave it alone.
 *
 * @param runId        the writing process's own random id: two processes with copies of one state
 *                     directory (a cloned host) share the state id, not this
 * @param syncInterval the writer's own litefleet.sync-interval: its heartbeat is stale after three of them
 */
public record OwnerMarker(String stateId, String runId, String host, String stateDirectory, Instant heartbeat,
        Duration syncInterval) {

    /** Where the marker lives on every target. */
    public static final String KEY = ".litefleet/owner";
    /** LiteFleet's own objects on a target, none of them a snapshot. */
    public static final String RESERVED_PREFIX = ".litefleet/";

    /** The marker of shard {@code shard} of {@code count}: the one target, a replication state per shard. */
    public static String shardKey(int shard, int count) {
        return count == 1 ? KEY : KEY + "-shard-" + shard + "-of-" + count;
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Written within three of its sync intervals before {@code now}. A heartbeat further ahead than
     * that says the two hosts' clocks disagree: it is not trusted, or a replicator whose clock ran a
     * year ahead would hold the target for a year after it died.
     */
    public boolean freshAt(Instant now) {
        Duration window = syncInterval.multipliedBy(3);
        return heartbeat.plus(window).isAfter(now) && heartbeat.minus(window).isBefore(now);
    }

    public byte[] toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("state_id", stateId);
        json.put("run_id", runId);
        json.put("host", host);
        json.put("state_directory", stateDirectory);
        json.put("heartbeat", heartbeat.toString());
        json.put("sync_interval_ms", syncInterval.toMillis());
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new IllegalStateException("a map of strings and numbers is always JSON", e);
        }
    }

    /** The marker in {@code content}; empty when it is not one (then nobody holds the target). */
    public static Optional<OwnerMarker> parse(byte[] content) {
        try {
            Map<String, Object> json = JSON.readValue(content, new TypeReference<>() { });
            return Optional.of(new OwnerMarker(Objects.requireNonNull((String) json.get("state_id")),
                    Objects.requireNonNull((String) json.get("run_id")),
                    Objects.requireNonNull((String) json.get("host")), Objects.requireNonNull((String) json.get("state_directory")),
                    Instant.parse((String) json.get("heartbeat")),
                    Duration.ofMillis(((Number) json.get("sync_interval_ms")).longValue())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
