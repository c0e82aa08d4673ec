package io.litefleet;

import java.util.Optional;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Where LiteFleet's properties come from, shared by the replicator and the commands that only read
 * the configuration (restore): the packaged defaults, an {@code application.properties} in the
 * working directory, then {@code -D} system properties and environment variables, which Camel's
 * properties component lets override any key.
 */
public final class LiteFleetProperties {

    /** Defaults packaged in the jar, then an {@code application.properties} in the working directory. */
    static final String LOCATIONS = "classpath:application.properties;optional=true,file:application.properties;optional=true";

    private LiteFleetProperties() {
    }

    /** The validated settings, for commands that do not start the replicator. */
    public static LiteFleetSettings load() {
        // Only the properties component of a context that is never started: no routes, no server.
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setLocation(LOCATIONS);
        return settings(context.getPropertiesComponent());
    }

    static LiteFleetSettings settings(PropertiesComponent properties) {
        return LiteFleetSettings.load(key -> lookup(properties, key));
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
