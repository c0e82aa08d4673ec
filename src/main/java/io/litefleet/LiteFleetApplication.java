package io.litefleet;

import java.time.Clock;
import java.util.Map;

import io.litefleet.stats.CycleReport;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.main.Main;

/**
 * The Camel application: the YAML routes under {@code routes/}, the beans of
 * {@link LiteFleetConfiguration} and the properties of {@code application.properties}.
 * Used by the command line and by the tests, so both start exactly the same thing.
 */
public final class LiteFleetApplication implements AutoCloseable {

    private final Main main;

    /**
     * @param overrides properties that win over the properties files (command line options, tests);
     *                  environment variables and {@code -D} system properties still win over them,
     *                  as Camel resolves those first
     */
    public LiteFleetApplication(Map<String, String> overrides) {
        this(overrides, Clock.systemUTC());
    }

    /**
     * @param overrides properties that win over every other source (command line options, tests)
     * @param clock     the wall clock: snapshot times and the times /stats shows (tests set it wrong on purpose)
     */
    public LiteFleetApplication(Map<String, String> overrides, Clock clock) {
        main = new Main();
        main.setDefaultPropertyPlaceholderLocation(LiteFleetProperties.LOCATIONS);
        main.configure().addConfiguration(new LiteFleetConfiguration(clock));
        main.configure().addConfiguration(new RoutesDirectory(main.configure()));
        overrides.forEach(main::addOverrideProperty);
    }

    /** Starts the routes and returns; cycles run on the schedule unless it is disabled. */
    public LiteFleetApplication start() throws Exception {
        try {
            main.start();
        } catch (Exception e) {
            throw explained(e);
        }
        return this;
    }

    /** Runs until the JVM is asked to stop (SIGTERM, Ctrl-C), then shuts down gracefully. */
    public int runUntilStopped() throws Exception {
        try {
            main.run();
        } catch (Exception e) {
            throw explained(e);
        }
        return main.getExitCode();
    }

    /** A start-up failure caused by a file of the routes directory, as the configuration mistake it is. */
    private Exception explained(Exception failure) {
        return RouteFileProblem.of(failure, main.getCamelContext()).<Exception>map(problem -> problem).orElse(failure);
    }

    /** Runs one cycle now, waits for all its uploads and returns what it did. */
    public CycleReport runCycle() {
        try (ProducerTemplate template = context().createProducerTemplate()) {
            return template.requestBody("direct:cycle", null, CycleReport.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    @Override
    public void close() throws Exception {
        main.stop();
    }
}
