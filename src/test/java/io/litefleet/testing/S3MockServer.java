package io.litefleet.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Adobe S3Mock, a second S3 implementation (Spring Boot and Tomcat, its own parsing of every
 * request), run from its jar as a separate process on a loopback port with the {@link #BUCKETS}. {@code mvn verify} copies the jar to {@code target/s3mock/} before the
 * integration tests. It accepts any credentials.
 */
public final class S3MockServer implements AutoCloseable {

    public static final Path JAR = Path.of("target", "s3mock", "s3mock.jar").toAbsolutePath();
    /** The buckets it starts with: one per run of a replicator, which would otherwise meet the other's owner marker. */
    public static final List<String> BUCKETS = List.of(S3Server.BUCKET, S3Server.BUCKET + "-2");

    private final Process process;
    private final int port;

    private S3MockServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Stores under {@code root}, logs to {@code log}; returns once it answers. */
    public static S3MockServer start(Path root, Path log) throws Exception {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the integration tests with mvn verify, which copies it there");
        }
        int port = FreePort.pick();
        // server.* is the connector bound to loopback, plain http; S3Mock always adds a second http
        // connector on every interface (http.port), given a random port nobody uses
        Process process = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", JAR.toString(), "--server.ssl.enabled=false", "--server.address=127.0.0.1",
                "--server.port=" + port, "--http.port=0", "--spring.main.banner-mode=off",
                "--com.adobe.testing.s3mock.store.initial-buckets=" + String.join(",", BUCKETS),
                "--com.adobe.testing.s3mock.store.root=" + root))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        S3MockServer server = new S3MockServer(process, port);
        server.awaitAnswer(log);
        return server;
    }

    private void awaitAnswer(Path log) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        try {
            Await.until(Duration.ofSeconds(180), "S3Mock answers", () -> {
                if (!process.isAlive()) {
                    throw new IllegalStateException("S3Mock exited with " + process.exitValue() + ":\n" + Files.readString(log));
                }
                try {
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(endpoint()).build(), HttpResponse.BodyHandlers.ofString());
                    return answer.statusCode() == 200 && answer.body().contains(S3Server.BUCKET);
                } catch (IOException notListeningYet) {
                    return false;
                }
            });
        } catch (AssertionError timedOut) {
            close();
            throw new IllegalStateException("S3Mock did not answer within 180 s:\n" + Files.readString(log));
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    /** The LiteFleet properties that point at one of its {@link #BUCKETS}. */
    public Map<String, String> targetProperties(String bucket) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("litefleet.target", "s3");
        p.put("litefleet.s3.bucket", bucket);
        p.put("litefleet.s3.endpoint", endpoint().toString());
        p.put("litefleet.s3.force-path-style", "true");
        p.put("litefleet.s3.access-key", S3Server.ACCESS_KEY);
        p.put("litefleet.s3.secret-key", S3Server.SECRET_KEY);
        return p;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
