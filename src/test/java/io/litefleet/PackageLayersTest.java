package io.litefleet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The packages depend one way: each only on those below it in {@link #LAYERS}, as README's "How it
 * works" says. A change that needs an upward dependency moves the shared type down instead.
 */
class PackageLayersTest {

    /** Bottom first; {@code ""} is {@code io.litefleet} itself, the application's wiring. */
    private static final List<String> LAYERS = List.of("model", "sample", "encryption", "state", "storage", "compression", "stats",
            "snapshot", "discovery", "restore", "retention", "verify", "cycle", "settings", "cluster", "", "cli");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.litefleet\\.(?:([a-z]+)\\.)?[A-Z]");
    /** A comment may name any class: only code depends. */
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|(?m)^\\s*//.*$", Pattern.DOTALL);
    private static final Path SOURCES = Path.of("src/main/java/io/litefleet");

    @Test
    void everyPackageDependsOnlyOnTheLayersBelowIt() throws IOException {
        List<String> upward = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String from = packageOf(file);
                Matcher reference = REFERENCE.matcher(COMMENT.matcher(Files.readString(file)).replaceAll(""));
                while (reference.find()) {
                    String to = reference.group(1) == null ? "" : reference.group(1);
                    if (!to.equals(from) && layer(to) > layer(from)) {
                        upward.add(SOURCES.relativize(file) + " uses io.litefleet." + to + (to.isEmpty() ? "" : ".") + "*");
                    }
                }
            }
        }
        assertEquals(List.of(), upward.stream().distinct().toList(), "dependencies on a higher layer");
    }

    private static String packageOf(Path file) {
        Path directory = SOURCES.relativize(file).getParent();
        return directory == null ? "" : directory.toString();
    }

    private static int layer(String pkg) {
        int layer = LAYERS.indexOf(pkg);
        if (layer < 0) {
            throw new AssertionError("package io.litefleet." + pkg + " has no place in LAYERS: add it where it belongs");
        }
        return layer;
    }
}
