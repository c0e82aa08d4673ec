package io.litefleet.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A small tmpfs mounted on a directory, for disk-full tests: needs root (CI runs as root); the test
 * is skipped with a message where mounting is not permitted. Close it to unmount.
 */
public final class TmpfsMount implements AutoCloseable {

    private final Path directory;

    private TmpfsMount(Path directory) {
        this.directory = directory;
    }

    /** @param size as mount takes it, e.g. {@code 4m} */
    public static TmpfsMount mount(Path directory, String size) throws Exception {
        return mountWith(directory, "size=" + size);
    }

    /** An empty file system no one may write to, not even root. */
    public static TmpfsMount mountReadOnly(Path directory) throws Exception {
        return mountWith(directory, "size=1m,ro");
    }

    private static TmpfsMount mountWith(Path directory, String options) throws Exception {
        Files.createDirectories(directory);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", options, "tmpfs", directory.toString())
                .redirectErrorStream(true).start();
        String output = new String(mount.getInputStream().readAllBytes()).trim();
        assumeTrue(mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0,
                "skipped: cannot mount a tmpfs on " + directory + " (" + output + ")");
        return new TmpfsMount(directory);
    }

    @Override
    public void close() throws Exception {
        Process umount = new ProcessBuilder("umount", directory.toString()).inheritIO().start();
        if (!umount.waitFor(30, TimeUnit.SECONDS) || umount.exitValue() != 0) {
            throw new IllegalStateException("cannot unmount " + directory);
        }
    }
}
