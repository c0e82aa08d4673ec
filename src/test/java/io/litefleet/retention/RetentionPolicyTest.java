package io.litefleet.retention;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The keep rules over synthetic snapshot times, boundaries included. */
class RetentionPolicyTest {

    /**
     * @param snapshots space-separated UTC times
     * @param expired   the ones no rule keeps, space-separated ("-" for none)
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "keep-last 3 of 5; 3; 0; 0; 0; 01:00 02:00 03:00 04:00 05:00; 01:00 02:00",
            "keep-last larger than the history; 10; 0; 0; 0; 01:00 02:00; -",
            "nothing kept but the newest always survives; 0; 0; 0; 0; 01:00 02:00 03:00; 01:00 02:00",
            "hourly keeps the newest of each hour; 0; 2; 0; 0; 01:10 01:50 02:05 02:59 03:00; 01:10 01:50 02:05",
            "hour boundary: 02:59:59.999 and 03:00 are different hours; 0; 2; 0; 0; 02:59:59.999 03:00; -",
            "hourly counts hours that have snapshots, not clock hours; 0; 2; 0; 0; 01:00 05:00 09:00; 01:00",
            "daily over midnight; 0; 0; 2; 0; 2026-11-25T23:00 2026-11-26T00:00 2026-11-26T23:59 2026-11-27T00:01; 2026-11-25T23:00 2026-11-26T00:00",
            "weekly uses ISO weeks (Sunday to Monday is a new week); 0; 0; 0; 2; 2026-11-22T12:00 2026-11-23T00:00 2026-11-29T23:00 2026-11-30T00:00; 2026-11-22T12:00 2026-11-23T00:00",
            "a snapshot kept by any rule survives; 1; 2; 0; 0; 01:10 01:20 02:30 02:40; 01:10 02:30",
            "defaults over two days of hourly snapshots keep 24 hourly + daily; 3; 24; 30; 0; "
                    + "2026-11-26T00:00 2026-11-26T12:00 2026-11-27T00:00 2026-11-27T01:00; -" })
    void theRulesKeepWhatResticWould(String scenario, int last, int hourly, int daily, int weekly, String snapshots, String expired) {
        RetentionPolicy policy = new RetentionPolicy(last, hourly, daily, weekly);
        List<Instant> times = parse(snapshots);

        List<Instant> actual = policy.expired(times, Function.identity());

        assertEquals(expired.equals("-") ? List.of() : parse(expired), actual, scenario);
    }

    private static List<Instant> parse(String times) {
        return Arrays.stream(times.trim().split(" +")).map(RetentionPolicyTest::instant).toList();
    }

    private static Instant instant(String time) {
        String full = time.contains("T") ? time : "2026-11-27T" + time;
        return Instant.parse(full.length() == 16 ? full + ":00Z" : full.contains("Z") ? full : full + "Z");
    }
}
