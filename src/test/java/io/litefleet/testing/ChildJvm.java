package io.litefleet.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The command that starts a JVM of the tests' own (a replicator, a command, a writer). The tests
 * start a few hundred of them, each doing little: C1 alone and the serial collector start about a
 * third faster, which is minutes of {@code mvn verify}, and change nothing a test checks.
 * Benchmarks start theirs with the defaults an operator gets.
 */
public final class ChildJvm {

    private ChildJvm() {
    }

    /** {@code java} and its start-up options; the caller adds its own and the main class or jar. */
    public static List<String> java() {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    }
}
