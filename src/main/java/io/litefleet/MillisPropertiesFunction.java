package io.litefleet;

import io.litefleet.settings.LiteFleetSettings;
import org.apache.camel.spi.PropertiesFunction;

/**
 * {@code {{millis:some.property}}}: the value of a duration property ({@code 30s}) in milliseconds,
 * for endpoint options that only take a number, such as Quartz's {@code trigger.repeatInterval}.
 * The durations themselves were validated by {@link LiteFleetSettings}.
 */
final class MillisPropertiesFunction implements PropertiesFunction {

    @Override
    public String getName() {
        return "millis";
    }

    /** The remainder names a property; Camel passes that property's value to {@link #apply}. */
    @Override
    public boolean lookupFirst(String remainder) {
        return true;
    }

    @Override
    public String apply(String duration) {
        return Long.toString(LiteFleetSettings.parseDuration(duration).toMillis());
    }
}
