package io.litefleet.discovery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;

import io.litefleet.model.Fingerprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FingerprintTest {

    private static final long SECOND = 1_000_000_000L;
    private static final long T = 1_800_000_000L * SECOND + 123_456_789L;

    /** A fingerprint read within the clock tick of its newest mtime may hide a later write. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = ';', value = {
            "read long after the last write; 0; 0; 10000; true",
            "read within the 50 ms tick; 0; 0; 40; false",
            "read just past the 50 ms tick; 0; 0; 51; true",
            "the WAL was written last; -5000; 0; 30; false",
            "no WAL, old database; -5000; -1; 30; true" })
    void aFingerprintIsSettledOnceTheTickOfItsNewestWriteIsOver(String scenario, long dbAgeMillis, long walAgeMillis,
            long readAfterMillis, boolean settled) {
        long db = T + dbAgeMillis * 1_000_000L;
        long wal = walAgeMillis < 0 ? 0 : T + walAgeMillis * 1_000_000L;
        Fingerprint fingerprint = new Fingerprint(4096, db, 7, db, wal == 0 ? 0 : 512, wal, wal == 0 ? 0 : 8);

        assertEquals(settled, fingerprint.isSettled(T + readAfterMillis * 1_000_000L), scenario);
    }

    @ParameterizedTest
    @CsvSource({ "1500, false", "2001, true" })
    void wholeSecondTimestampsMeanACoarseClockAndATwoSecondTick(long readAfterMillis, boolean settled) {
        long wholeSecond = 1_800_000_000L * SECOND;
        Fingerprint fingerprint = new Fingerprint(4096, wholeSecond, 7, wholeSecond, 0, 0, 0);

        assertEquals(settled, fingerprint.isSettled(wholeSecond + readAfterMillis * 1_000_000L));
    }

    @Test
    void aLinkIsJudgedByTheFileItLeadsToAndTheWalBesideThatFile(@TempDir Path dir) throws Exception {
        Path real = Files.writeString(Files.createDirectories(dir.resolve("volume")).resolve("tenant.sqlite"), "database");
        Files.writeString(dir.resolve("volume/tenant.sqlite-wal"), "a commit");
        Path link = Files.createSymbolicLink(Files.createDirectories(dir.resolve("fleet")).resolve("t1.db"), real);

        Fingerprint fingerprint = Fingerprint.read(link, false);

        assertEquals(Files.getAttribute(real, "unix:ino"), fingerprint.inode());
        assertEquals("a commit".length(), fingerprint.walSize(), "the listing of the link's directory shows no -wal; the real one counts");
    }

    @Test
    void aDirectoryNamedLikeADatabaseIsNoFile(@TempDir Path dir) throws Exception {
        Path directory = Files.createDirectory(dir.resolve("archive.db"));

        Fingerprint.NotAFileException e = assertThrows(Fingerprint.NotAFileException.class, () -> Fingerprint.read(directory, false));
        assertEquals("not a regular file (a directory)", e.getMessage());
    }
}
