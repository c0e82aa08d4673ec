package io.litefleet.testing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.litefleet.LiteFleetApplication;
import io.litefleet.stats.CycleReport;

/**
 * The real application, started in-process on a work directory: databases under {@code data/},
 * file target under {@code replica/}, state under {@code state/}, /stats on a free loopback port,
 * no timer unless a test asks for one (the test runs cycles itself), and no file events.
 */
public final class RunningLiteFleet implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public final Path work;
    public final int httpPort;
    private final LiteFleetApplication app;

    private RunningLiteFleet(Path work, Map<String, String> properties, Clock clock) throws Exception {
        this.work = work;
        this.httpPort = FreePort.pick();
        Map<String, String> all = new LinkedHashMap<>();
        all.put("litefleet.discovery-pattern", work.resolve("data") + "/*/databases/*/branches/*/tenants/*.db");
        all.put("litefleet.file.directory", work.resolve("replica").toString());
        all.put("litefleet.state-directory", work.resolve("state").toString());
        all.put("litefleet.schedule-enabled", "false");
        // Every cycle walks the whole fleet, so a test's write is seen by the very next cycle; file
        // events arrive asynchronously, and their own test waits for them (WatchedScanTest).
        all.put("litefleet.watch-directories", "false");
        all.put("camel.server.port", Integer.toString(httpPort));
        all.putAll(properties);
        app = new LiteFleetApplication(all, clock).start();
    }

    public static RunningLiteFleet start(Path work, Map<String, String> properties) throws Exception {
        return new RunningLiteFleet(work, properties, Clock.systemUTC());
    }

    /** With a wall clock the test controls (see {@link AdjustableClock}). */
    public static RunningLiteFleet start(Path work, Map<String, String> properties, Clock clock) throws Exception {
        return new RunningLiteFleet(work, properties, clock);
    }

    public Path data() {
        return work.resolve("data");
    }

    public Path replica() {
        return work.resolve("replica");
    }

    public Path temporaryDirectory() {
        return work.resolve("state").resolve("tmp");
    }

    public CycleReport runCycle() {
        return app.runCycle();
    }

    public LiteFleetApplication app() {
        return app;
    }

    /** GET /stats over a real socket. */
    public Map<String, Object> stats() throws Exception {
        HttpResponse<String> response = get("/stats");
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/stats answered " + response.statusCode() + ": " + response.body());
        }
        return new ObjectMapper().readValue(response.body(), new TypeReference<>() { });
    }

    public HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Override
    public void close() throws Exception {
        app.close();
    }
}
