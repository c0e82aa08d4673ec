package io.litefleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replicator's directories are checked at start-up: created if missing, refused if unusable. */
class WritableDirectoryTest {

    private static final String PROPERTY = "litefleet.file.directory";

    @TempDir
    Path work;

    @Test
    void aMissingDirectoryIsCreated() {
        WritableDirectory.check(work.resolve("a/b/c"), PROPERTY);

        assertTrue(Files.isDirectory(work.resolve("a/b/c")));
    }

    @Test
    void aRegularFileIsRefused() throws Exception {
        Path file = Files.writeString(work.resolve("replica"), "x");

        InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> WritableDirectory.check(file, PROPERTY));

        assertEquals(PROPERTY + ": " + file + " is not a directory", e.getMessage());
    }

    @Test
    void aDirectoryBelowARegularFileIsRefused() throws Exception {
        Path file = Files.writeString(work.resolve("replica"), "x");

        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> WritableDirectory.check(file.resolve("inside"), PROPERTY));

        assertTrue(e.getMessage().startsWith(PROPERTY + ": cannot create " + file.resolve("inside") + " ("), e.getMessage());
    }

    /** Root may write anywhere, except on a read-only mount: the check asks the kernel, as the user it runs as. */
    @Test
    void aReadOnlyFileSystemIsRefused() throws Exception {
        Path mount = Files.createDirectories(work.resolve("read-only"));
        Process mounting = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m,ro", "tmpfs", mount.toString())
                .redirectErrorStream(true).start();
        String output = new String(mounting.getInputStream().readAllBytes());
        assumeTrue(mounting.waitFor(30, TimeUnit.SECONDS) && mounting.exitValue() == 0, "cannot mount a tmpfs here: " + output);
        try {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> WritableDirectory.check(mount, PROPERTY));

            assertEquals(PROPERTY + ": " + mount + " is not writable", e.getMessage());
        } finally {
            new ProcessBuilder("umount", mount.toString()).inheritIO().start().waitFor(30, TimeUnit.SECONDS);
        }
    }
}
