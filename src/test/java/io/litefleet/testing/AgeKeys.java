package io.litefleet.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.exceptionfactory.jagged.x25519.X25519KeyPairGenerator;

/**
 * age key pairs for tests, made as a user makes them ({@code age-keygen}) or in-process (jagged),
 * and the {@code age} command line tools. CI installs the tools ({@code .ci/run}); a machine without
 * them fails the tests that need them, with the command that installs them: a skipped
 * interoperability test would prove nothing.
 */
public final class AgeKeys {

    /** A recipient (public key, {@code age1...}) and the identity file holding its secret key. */
    public record Pair(String recipient, Path identityFile) {
    }

    private AgeKeys() {
    }

    /** {@code age-keygen -o FILE}, and its public key as {@code age-keygen -y} prints it. */
    public static Pair keygen(Path identityFile) throws Exception {
        run("age-keygen", "-o", identityFile.toString());
        return new Pair(run("age-keygen", "-y", identityFile.toString()).strip(), identityFile);
    }

    /** A key pair made by jagged, its identity written as {@code age-keygen} writes one. */
    public static Pair generate(Path identityFile) throws Exception {
        KeyPair pair = new X25519KeyPairGenerator().generateKeyPair();
        Files.writeString(identityFile, "# created by a LiteFleet test\n# public key: " + pair.getPublic() + "\n" + pair.getPrivate() + "\n");
        return new Pair(pair.getPublic().toString(), identityFile);
    }

    /** Runs a command line tool; its stdout, once it exited 0. */
    public static String run(String... command) throws Exception {
        requireTool(command[0]);
        Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(false).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " still running after 60 s");
        }
        assertEquals(0, process.exitValue(), String.join(" ", command) + ": " + err);
        return out;
    }

    private static void requireTool(String name) {
        assertTrue(Files.isExecutable(Path.of("/usr/bin", name)),
                "/usr/bin/" + name + " is missing: apt-get install -y " + ("lz4".equals(name) ? "lz4" : "age")
                        + " (.ci/run installs it on CI)");
    }
}
