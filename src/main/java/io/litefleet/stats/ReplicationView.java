package io.litefleet.stats;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * All {@link ReplicationStats} knows at one moment, in the order {@code GET /stats} shows it: the
 * {@link Counters} first (the seed's fields lead), then what takes a walk over the databases that
 * are behind, then the request costs and the process.
 *
 * @param oldestUnreplicatedChangeSeconds 0 when every change is stored
 * @param s3Requests                      requests sent, by price class ({@code put}, {@code get}...)
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ReplicationView(@JsonUnwrapped Counters counters, Failing failing, long oldestUnreplicatedChangeSeconds,
        Map<String, Long> s3Requests, double estimatedRequestCostPerDayUsd, long uptimeSeconds, String version) {

    /**
     * The databases not being replicated.
     *
     * @param count  all of them, each once however many targets it fails on
     * @param recent the most recent, newest first
     */
    public record Failing(int count, List<Failure> recent) {
    }

    /**
     * One database not being replicated, as {@link FailingTenants.Failure} says it.
     *
     * @param target the target that refused it; null when the database itself failed
     * @param since  ISO-8601, to the millisecond
     */
    public record Failure(String tenant, String path, String target, String reason, String since) {

        static Failure of(FailingTenants.Failure failure) {
            return new Failure(failure.tenant(), failure.path().toString(), failure.target().orElse(null), failure.reason(),
                    failure.since().truncatedTo(ChronoUnit.MILLIS).toString());
        }
    }
}
