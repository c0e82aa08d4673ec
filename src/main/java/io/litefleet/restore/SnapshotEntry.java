package io.litefleet.restore;

import java.time.Instant;

/** One stored snapshot of a tenant. */
public record SnapshotEntry(String key, String tenant, Instant takenAt, long size) {
}
