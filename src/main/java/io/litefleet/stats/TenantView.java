package io.litefleet.stats;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.litefleet.model.Fingerprint;
import io.litefleet.state.ReplicationState.TenantRecord;

/**
 * {@code GET /stats/<project>/<database>/<branch>/<tenant>}: one tenant's last stored snapshot (on
 * the first target that has one, the target the reading commands use), its fingerprint and its
 * current failure; each target's own record under {@code targets}. Times are ISO-8601.
 *
 * @param tenant    its names ({@code acme/orders/main/100%})
 * @param lastError null while it is not failing
 * @param targets   each target by its name, in the order of litefleet.target
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TenantView(String tenant, String path, String lastSuccess, String lastKey, String lastSha256, Seen fingerprint,
        LastError lastError, Map<String, Stored> targets) {

    /** The database as it was when its last snapshot was taken; {@code modified} is its newest mtime (database or WAL). */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Seen(long size, String modified, long walSize) {

        static Seen of(Fingerprint fingerprint) {
            return new Seen(fingerprint.size(), fingerprint.changedAt().toString(), fingerprint.walSize());
        }
    }

    /**
     * @param target the target that refused it; null when the database itself failed
     * @param since  to the millisecond
     */
    public record LastError(String target, String reason, String since) {

        static LastError of(ReplicationView.Failure failure) {
            return new LastError(failure.target(), failure.reason(), failure.since());
        }
    }

    /** What one target records of the tenant: all null while it has stored nothing of it. */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Stored(String lastSuccess, String lastKey, String verifiedAt) {

        static Stored of(Optional<TenantRecord> record) {
            return new Stored(record.map(r -> r.lastTime().toString()).orElse(null), record.map(TenantRecord::lastKey).orElse(null),
                    record.flatMap(TenantRecord::verifiedAt).map(Instant::toString).orElse(null));
        }
    }
}
