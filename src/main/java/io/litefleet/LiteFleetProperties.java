package io.litefleet;

import java.util.Optional;

import io.litefleet.settings.LiteFleetSettings;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Where LiteFleet's properties come from, shared by the replicator and the commands that only read
 * the configuration (restore). A key's value is the first found in: environment variables (Camel
 * resolves them first), {@code -D} system properties, an {@code application.properties} in the
 * working directory, the packaged defaults.
 */
public final class LiteFleetProperties {

    /**
     * The working directory's {@code application.properties}, then the defaults packaged in the jar.
     * Camel takes a key from the first location that has it, so the operator's file comes first.
     */
    static final String LOCATIONS = "file:application.properties;optional=true,classpath:application.properties;optional=true";

    private LiteFleetProperties() {
    }

    /** The validated settings, for commands that do not start the replicator. */
    public static LiteFleetSettings load() {
        // Only the properties component of a context that is never started: no routes, no server.
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation(LOCATIONS);
        return settings(context.getPropertiesComponent());
    }

    /** Refuses unknown {@code litefleet.*} keys, then reads and validates the settings. */
    static LiteFleetSettings settings(PropertiesComponent properties) {
        KnownProperties.packaged().check();
        return LiteFleetSettings.load(key -> lookup(properties, key));
    }

    /** Where Camel's HTTP server will listen, empty when it is disabled. */
    static Optional<StatsServer> statsServer(PropertiesComponent properties) {
        return StatsServer.load(key -> lookup(properties, key));
    }

    /**
     * A property from every source Camel knows. The path template is read raw: its {{project}} is
     * LiteFleet syntax that Camel must not try to resolve.
     */
    private static Optional<String> lookup(PropertiesComponent properties, String key) {
        if (!key.equals(LiteFleetSettings.PATH_TEMPLATE)) {
            return properties.resolveProperty(key);
        }
        properties.setNestedPlaceholder(false);
        try {
            return properties.resolveProperty(key);
        } finally {
            properties.setNestedPlaceholder(true);
        }
    }
}
