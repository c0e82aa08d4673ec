package io.litefleet.stats;

import java.time.Duration;

import io.litefleet.stats.S3RequestCounter.RequestClass;

/**
 * Prices of S3 requests, in dollars per 1,000 (S3 Standard: $0.005 for PUT, COPY, POST and LIST;
 * $0.0004 for GET and HEAD; DELETE free), and the daily cost the current request rate amounts to.
 */
public record RequestCosts(double putPer1000, double getPer1000) {

    /** What a day at the rate of {@code counter} since {@code elapsed} would cost. */
    public double perDay(S3RequestCounter counter, Duration elapsed) {
        double seconds = Math.max(1, elapsed.toMillis() / 1000.0);
        double dollars = (counter.count(RequestClass.PUT) + counter.count(RequestClass.LIST)) * putPer1000 / 1000
                + (counter.count(RequestClass.GET) + counter.count(RequestClass.OTHER)) * getPer1000 / 1000;
        return dollars * 86_400 / seconds;
    }
}
