package io.litefleet.testing;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import io.litefleet.settings.LiteFleetSettings;

/** Settings as a user gets them: the packaged application.properties, with some values overridden. */
public final class TestSettings {

    private TestSettings() {
    }

    public static Map<String, String> defaults() throws Exception {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(Path.of("application.properties"))) {
            p.load(in);
        }
        Map<String, String> map = new HashMap<>();
        p.forEach((k, v) -> map.put((String) k, (String) v));
        return map;
    }

    public static LiteFleetSettings load(Map<String, String> overrides) throws Exception {
        Map<String, String> all = defaults();
        all.putAll(overrides);
        return LiteFleetSettings.load(key -> Optional.ofNullable(all.get(key)));
    }
}
