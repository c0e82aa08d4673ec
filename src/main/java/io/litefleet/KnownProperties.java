package io.litefleet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import io.litefleet.model.InvalidSettingException;
import io.litefleet.settings.LiteFleetSettings;

/**
 * Refuses a {@code litefleet.*} key that LiteFleet does not read, whichever source sets it: a typo
 * ({@code litefleet.sync-intervall}) would otherwise leave the default in force without a word. The
 * known keys are those of the packaged {@code application.properties}, so a property becomes known
 * by being added there. Each source is enumerated raw: no placeholder is resolved.
 */
final class KnownProperties {

    private static final String FILE_NAME = "application.properties";

    private final Set<String> keys;

    private KnownProperties(Set<String> keys) {
        this.keys = keys;
    }

    /** The keys of the defaults packaged in the jar. */
    static KnownProperties packaged() {
        try (InputStream in = KnownProperties.class.getClassLoader().getResourceAsStream(FILE_NAME)) {
            if (in == null) {
                throw new IllegalStateException("no " + FILE_NAME + " on the class path");
            }
            Properties p = new Properties();
            p.load(in);
            return new KnownProperties(p.stringPropertyNames());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code application.properties} of the working directory, which overrides the packaged one. */
    static Path workingDirectoryFile() {
        return Path.of(FILE_NAME).toAbsolutePath();
    }

    /**
     * The operator's sources: {@code -D}, the environment and the working directory's file.
     *
     * @throws InvalidSettingException naming the first unknown key and where it is set
     */
    void check() {
        Set<String> withLogLevel = new HashSet<>(keys);
        withLogLevel.add(LiteFleetSettings.LOG_LEVEL);
        refuseUnknown(System.getProperties().stringPropertyNames(), withLogLevel, key -> key, false, "a -D system property");
        // Camel reads LITEFLEET_S3_BUCKET for litefleet.s3.bucket. Only a near miss of a known key is
        // refused: others set LITEFLEET_* too (Kubernetes gives every pod LITEFLEET_SERVICE_HOST and
        // LITEFLEET_PORT_* for a Service named litefleet, launchers set LITEFLEET_HOME or _OPTS).
        refuseUnknown(System.getenv().keySet(), keys, key -> key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'),
                true, "an environment variable");
        Path file = workingDirectoryFile();
        if (Files.isRegularFile(file)) {
            refuseUnknown(read(file).stringPropertyNames(), keys, key -> key, false, "in " + file);
        }
    }

    /**
     * @param names    the names a source sets, spelled its way
     * @param known    the known keys
     * @param spelling how the source spells a key
     * @param typosOnly refuse only a name within two edits of a known key, let others pass
     */
    private static void refuseUnknown(Set<String> names, Set<String> known, UnaryOperator<String> spelling, boolean typosOnly,
            String source) {
        Set<String> spelled = known.stream().map(spelling).collect(Collectors.toSet());
        String prefix = spelling.apply(LiteFleetSettings.PREFIX);
        for (String name : names) {
            if (!name.regionMatches(true, 0, prefix, 0, prefix.length()) || spelled.contains(name)) {
                continue;
            }
            if (name.equals(spelling.apply(LiteFleetSettings.LOG_LEVEL))) {
                throw new InvalidSettingException(name, "the log level is set only with -D" + LiteFleetSettings.LOG_LEVEL
                        + " (logging starts before the configuration is read)");
            }
            Optional<String> closest = closest(name, spelled);
            if (typosOnly && closest.isEmpty()) {
                continue;
            }
            throw new InvalidSettingException(name, "unknown property (" + source + ")"
                    + closest.map(key -> "; did you mean " + key + "?").orElse(""));
        }
    }

    /** A known key within two edits of the typo, if any. */
    private static Optional<String> closest(String name, Set<String> spelled) {
        return spelled.stream()
                .filter(key -> editDistance(name.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT)) <= 2)
                .min(Comparator.comparingInt(key -> editDistance(name.toLowerCase(Locale.ROOT), key.toLowerCase(Locale.ROOT))));
    }

    /** Levenshtein distance: insertions, deletions and substitutions. */
    private static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }

    private static Properties read(Path file) {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new InvalidSettingException(file.toString(), "cannot be read (" + e.getMessage() + ")");
        }
        return p;
    }
}
