package io.litefleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import io.litefleet.model.InvalidSettingException;
import io.litefleet.settings.WritableDirectory;
import io.litefleet.testing.TmpfsMount;
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
        Path mount = work.resolve("read-only");
        try (TmpfsMount readOnly = TmpfsMount.mountReadOnly(mount)) {
            InvalidSettingException e = assertThrows(InvalidSettingException.class, () -> WritableDirectory.check(mount, PROPERTY));

            assertEquals(PROPERTY + ": " + mount + " is not writable", e.getMessage());
        }
    }
}
