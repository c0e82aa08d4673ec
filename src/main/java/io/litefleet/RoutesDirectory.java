package io.litefleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import io.litefleet.model.InvalidSettingException;
import io.litefleet.settings.LiteFleetSettings;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.main.MainConfigurationProperties;
import org.apache.camel.spi.Resource;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.util.AntPathMatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes edited without a rebuild. A {@code *.camel.yaml} file in {@code litefleet.routes-directory}
 * named like a packaged route file replaces it; the others are added. camel-main has no way to say
 * "this file instead of that one" (its exclude pattern matches the location of every resource, the
 * operator's included), so the include pattern becomes the explicit list of files to load.
 */
final class RoutesDirectory implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(RoutesDirectory.class);

    static final String SUFFIX = ".camel.yaml";

    private final MainConfigurationProperties main;

    /** @param main camel-main's configuration, whose include pattern names the packaged routes */
    RoutesDirectory(MainConfigurationProperties main) {
        this.main = main;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        // the same validated settings LiteFleetConfiguration reads, which does not know camel-main's configuration
        LiteFleetSettings settings = LiteFleetProperties.settings(context.getPropertiesComponent());
        Path directory = settings.routesDirectory();
        if (settings.routesReload()) {
            watch(directory, context);
        }
        Map<String, Path> edited = routeFiles(directory);
        List<String> locations = new ArrayList<>();
        List<String> replaced = new ArrayList<>();
        for (Map.Entry<String, String> route : packaged(context).entrySet()) {
            Path replacement = edited.remove(route.getKey());
            if (replacement == null) {
                locations.add(route.getValue());
            } else {
                locations.add("file:" + replacement);
                replaced.add(route.getKey());
            }
        }
        edited.values().forEach(added -> locations.add("file:" + added));
        main.setRoutesIncludePattern(String.join(",", locations));
        if (!replaced.isEmpty() || !edited.isEmpty()) {
            LOG.info("Routes from {}: {} replaced, {} added", directory, replaced.isEmpty() ? "none" : String.join(", ", replaced),
                    edited.isEmpty() ? "none" : String.join(", ", edited.keySet()));
        }
    }

    /** Created if missing, so that a first file written there is seen. */
    private static void watch(Path directory, CamelContext context) throws Exception {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new InvalidSettingException(LiteFleetSettings.PREFIX + "routes-directory",
                    "cannot create " + directory.toAbsolutePath() + " (" + e.getMessage() + ")");
        }
        context.addService(new RouteFileReload(directory));
    }

    /**
     * The packaged route files by name, each as a location of its own. Found the way camel-main
     * finds them (its resolver reads the jar's entries), so a route file added to the jar needs no list.
     */
    private Map<String, String> packaged(CamelContext context) throws Exception {
        Map<String, String> routes = new TreeMap<>();
        for (String pattern : main.getRoutesIncludePattern().split(",")) {
            if (!AntPathMatcher.INSTANCE.isPattern(pattern)) {
                routes.put(name(pattern), pattern);
                continue;
            }
            String root = AntPathMatcher.INSTANCE.determineRootDir(pattern);
            for (Resource resource : PluginHelper.getPackageScanResourceResolver(context).findResources(pattern)) {
                String name = name(resource.getLocation());
                routes.put(name, root + name);
            }
        }
        if (routes.isEmpty()) {
            // the scan that found them before this class existed; without them the replicator would not replicate
            throw new IllegalStateException("no packaged route file matches " + main.getRoutesIncludePattern());
        }
        return routes;
    }

    private static String name(String location) {
        return location.substring(location.lastIndexOf('/') + 1);
    }

    /** The directory's route files by name; none when it does not exist. */
    private static Map<String, Path> routeFiles(Path directory) {
        Map<String, Path> files = new TreeMap<>();
        if (!Files.isDirectory(directory)) {
            return files;
        }
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path file : entries.toList()) {
                String name = file.getFileName().toString();
                if (!Files.isRegularFile(file)) {
                    continue;
                }
                if (!name.endsWith(SUFFIX)) {
                    if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                        LOG.warn("{} is not loaded: route files end in {}", file, SUFFIX);
                    }
                    continue;
                }
                if (name.contains(",")) {
                    throw new InvalidSettingException(file.toString(), "a route file name may not contain a comma");
                }
                if (!Files.isReadable(file)) {
                    throw new InvalidSettingException(file.toString(), "cannot be read");
                }
                files.put(name, file);
            }
        } catch (IOException e) {
            throw new InvalidSettingException(LiteFleetSettings.PREFIX + "routes-directory",
                    "cannot list " + directory.toAbsolutePath() + " (" + e.getMessage() + ")");
        }
        return files;
    }
}
