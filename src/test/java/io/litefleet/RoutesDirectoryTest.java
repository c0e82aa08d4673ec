package io.litefleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.litefleet.sample.SampleFleet;
import io.litefleet.testing.Await;
import io.litefleet.testing.ChildJvm;
import io.litefleet.testing.FreePort;
import io.litefleet.testing.LogCapture;
import io.litefleet.testing.ReplicatorProcess;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routes edited without a rebuild: the replicator started in a working directory whose
 * {@code routes/} holds YAML route files. A file named like a packaged one replaces it, others are
 * added, and a broken one stops start-up with one line naming it.
 */
class RoutesDirectoryTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path work;

    @Test
    void aFileNamedLikeAPackagedRouteReplacesItAndOtherFilesAreAdded() throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        // the same route id as the packaged stats.camel.yaml: loaded both, Camel would refuse the duplicate
        Files.writeString(routes.resolve("stats.camel.yaml"), """
                - route:
                    id: stats
                    from:
                      uri: platform-http:/stats
                      steps:
                        - setBody:
                            constant: "stats replaced"
                """);
        // the README's example of an added route: /stats as a file, for a monitoring agent that reads files
        Files.writeString(routes.resolve("stats-file.camel.yaml"), """
                - route:
                    id: stats-file
                    from:
                      uri: quartz:litefleet/stats-file
                      parameters:
                        trigger.repeatInterval: 300000
                        trigger.repeatCount: -1
                      steps:
                        - bean:
                            ref: statsEndpoint
                            method: view
                        - marshal:
                            json:
                              library: Jackson
                        - to:
                            uri: file:monitoring
                            parameters:
                              fileName: litefleet-stats.json
                              tempPrefix: .writing-
                """);
        int port = FreePort.pick();

        Process replicator = ReplicatorProcess.start(work, work.resolve("replicate.log"), List.of("-Dcamel.server.port=" + port),
                "replicate");
        try {
            assertEquals("stats replaced", awaitAnswer(replicator, port, "/stats"));
            Path written = work.resolve("monitoring/litefleet-stats.json");
            Await.until(Duration.ofSeconds(60), "the added route writes " + written,
                    () -> Files.exists(written) || !replicator.isAlive());
            assertTrue(Files.exists(written), "the added route wrote /stats:\n" + Files.readString(work.resolve("replicate.log")));
            assertTrue(Files.readString(written).contains("\"uploads_success\":"), Files.readString(written));
        } finally {
            replicator.destroy();
            assertTrue(replicator.waitFor(60, TimeUnit.SECONDS));
        }
    }

    /** The README's example: a replaced retention.camel.yaml keeps every snapshot, whatever keep-last says. */
    @Test
    void aReplacedRetentionRouteDisablesPruning() throws Exception {
        Path db = SampleFleet.generate(work.resolve("data"), 1, 10).get(0);
        Path routes = Files.createDirectories(work.resolve("routes"));
        Files.writeString(routes.resolve("retention.camel.yaml"), """
                # keeps every snapshot: deletion is left to the bucket's lifecycle rules
                - routeTemplate:
                    id: prune
                    parameters:
                      - name: name
                    route:
                      from:
                        uri: "direct:prune-{{name}}"
                        steps:
                          - log:
                              logName: io.litefleet.retention
                              message: "kept every snapshot (uploaded ${exchangeProperty.snapshot.key})"
                """);
        List<String> options = List.of("-Dlitefleet.retention.keep-last=1", "-Dlitefleet.retention.keep-hourly=0",
                "-Dlitefleet.retention.keep-daily=0");

        for (int run = 0; run < 3; run++) {
            Sqlite.execute(db, "INSERT INTO items (name, qty) VALUES ('run " + run + "', " + run + ")");
            Path log = work.resolve("once-" + run + ".log");
            Process once = ReplicatorProcess.start(work, log, options, "replicate", "--once");
            assertTrue(once.waitFor(180, TimeUnit.SECONDS));
            assertEquals(0, once.exitValue(), Files.readString(log));
            assertTrue(Files.readString(log).contains("kept every snapshot (uploaded "), Files.readString(log));
        }

        try (Stream<Path> objects = Files.walk(work.resolve("replica"))) {
            assertEquals(3, objects.filter(p -> p.toString().endsWith(".db.lz4")).count(), "keep-last=1 did not prune");
        }
    }

    @Test
    void aBrokenRouteFileStopsStartUpWithOneLineNamingTheFile() throws Exception {
        Path routes = Files.createDirectories(work.resolve("routes"));
        Path file = routes.resolve("hook.camel.yaml");
        List<String[]> broken = new ArrayList<>();
        broken.add(new String[] { "- route:\n    id: hook\n    from: [unclosed\n", "" });
        broken.add(new String[] { "- route:\n    id: hook\n    from:\n      uri: direct:hook\n      steps:\n        - lgo: hi\n", "lgo" });
        broken.add(new String[] { "- route:\n    id: hook\n    from:\n      uri: direct:hook\n      steps:\n        - bean:\n"
                + "            ref: noSuchBean\n", "noSuchBean" });
        // an added file may not take a packaged route's id: only a file of the same name replaces it
        broken.add(new String[] { "- route:\n    id: stats\n    from:\n      uri: direct:hook\n      steps:\n        - log: hi\n",
                "stats" });
        for (String[] content : broken) {
            Files.writeString(file, content[0]);
            Path out = work.resolve("stdout.txt");
            Path err = work.resolve("stderr.txt");
            // the replicator (Camel's run loop) and replicate --once (start, one cycle, stop) start differently
            String[] args = content == broken.get(0) ? new String[] { "replicate" } : new String[] { "replicate", "--once" };
            Process process = new ProcessBuilder(command(args)).directory(work.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                fail("still running after 120 s with " + content[0]);
            }
            String stderr = Files.readString(err);
            List<String> lines = stderr.lines().filter(l -> !l.isBlank()).toList();
            assertEquals(2, process.exitValue(), content[0] + "\n" + stderr + Files.readString(out));
            assertEquals(1, lines.size(), stderr);
            assertTrue(lines.get(0).startsWith("litefleet: invalid configuration: " + Path.of("routes", "hook.camel.yaml")),
                    lines.get(0));
            assertTrue(lines.get(0).contains(content[1]), lines.get(0));
            assertFalse(stderr.contains("\tat ") || Files.readString(out).contains("\tat "), "no stack trace:\n" + stderr);
        }
    }

    /**
     * litefleet.routes-reload=true (development): a file written while running replaces the route
     * of the same id at once; a broken edit is one WARN line and the route that ran runs on.
     */
    @Test
    void withReloadAnEditAppliesWhileRunningAndABrokenEditChangesNothing() throws Exception {
        Path routes = work.resolve("routes");
        try (LogCapture logs = LogCapture.capture(); RunningLiteFleet app = RunningLiteFleet.start(work,
                Map.of("litefleet.routes-directory", routes.toString(), "litefleet.routes-reload", "true"))) {
            assertTrue(app.get("/stats").body().contains("\"uploads_success\":"), "the packaged route");

            Files.writeString(routes.resolve("stats.camel.yaml"), """
                    - route:
                        id: stats
                        from:
                          uri: platform-http:/stats
                          steps:
                            - setBody:
                                constant: edited
                    """);
            assertEquals("edited", awaitBody(app, "/stats", "edited"));

            Files.writeString(routes.resolve("stats.camel.yaml"), "- route:\n    id: stats\n    from: [unclosed\n");
            // the watcher may also see the file half written: wait for the complete one's warning
            String expected = "Route file not reloaded: " + routes.resolve("stats.camel.yaml") + ": line 4, column 1: ";
            Await.until(Duration.ofSeconds(60), "a warning about the broken file", () -> !logs.warningsAbout(expected).isEmpty());

            // one line per time the watcher read it (a save can raise two events)
            assertFalse(logs.warningsAbout(expected).isEmpty(), logs.lines().toString());
            assertEquals(List.of(), logs.lines().stream().filter(LogCapture.Line::hasStackTrace).toList(), "no stack trace");
            assertEquals("edited", app.get("/stats").body(), "the route that ran runs on");
        }
    }

    /** The body of GET path once it is the expected one. */
    private static String awaitBody(RunningLiteFleet app, String path, String expected) throws Exception {
        return Await.value(Duration.ofSeconds(60), "GET " + path + " answers " + expected, () -> app.get(path).body(), expected::equals);
    }

    private static List<String> command(String... args) {
        List<String> command = ChildJvm.java();
        command.addAll(List.of("-cp", ReplicatorProcess.classPath(), "-Dcamel.server.port=" + FreePort.pick(), "io.litefleet.cli.LiteFleet"));
        command.addAll(List.of(args));
        return command;
    }

    /**
     * The body of GET path once it answers 200 (the HTTP server may listen before every route is
     * up); fails naming the last answer after 60 s, or at once if the replicator exits.
     */
    private String awaitAnswer(Process replicator, int port, String path) throws Exception {
        record Answer(int status, String body) {
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build();
        return Await.value(Duration.ofSeconds(60), "GET " + path + " answers 200", () -> {
            if (!replicator.isAlive()) {
                fail("the replicator exited with " + replicator.exitValue() + ":\n" + Files.readString(work.resolve("replicate.log")));
            }
            try {
                HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
                return new Answer(response.statusCode(), response.body());
            } catch (ConnectException notListeningYet) {
                return new Answer(0, "no answer");
            }
        }, answer -> answer.status() == 200).body();
    }
}
