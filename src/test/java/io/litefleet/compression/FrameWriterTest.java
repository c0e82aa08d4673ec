package io.litefleet.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Stream;

import io.litefleet.model.TenantSnapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The frame file a snapshot is stored from, with the MD5 an S3 target must be shown to have stored. */
class FrameWriterTest {

    @TempDir
    Path work;

    @Test
    void theBodyMd5IsTheMd5OfTheFrameFileWhenATargetChecksIt() throws Exception {
        TenantSnapshot framed = frame(true);

        byte[] frame = Files.readAllBytes(framed.file());
        assertEquals(Optional.of(Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(frame))), framed.bodyMd5());
        assertEquals(frame.length, framed.objectSize());
        assertEquals("p/d/b/t/20261201T000000.000Z.db.lz4", framed.key(), "not encrypted: the same key");
    }

    @Test
    void noTargetChecksTheBodyMd5NoneIsComputedAndTheFrameIsTheSame() throws Exception {
        TenantSnapshot framed = frame(false);

        assertEquals(Optional.empty(), framed.bodyMd5());
        try (InputStream decoded = Lz4Frame.decode(Files.newInputStream(framed.file()))) {
            assertArrayEquals(Files.readAllBytes(work.resolve("snapshot.db")), decoded.readAllBytes());
        }
    }

    @Test
    void aSnapshotThatCannotBeReadLeavesNoFrameBehind() throws Exception {
        Path temporary = Files.createDirectories(work.resolve("tmp"));
        TenantSnapshot gone = TenantSnapshot.taken("p/d/b/t/20261201T000000.000Z.db.lz4", Instant.EPOCH, "00", 1, work.resolve("gone.db"));

        assertThrows(IOException.class, () -> new FrameWriter(temporary, Optional.empty(), true).write(gone));
        try (Stream<Path> left = Files.list(temporary)) {
            assertFalse(left.findAny().isPresent(), "a frame file was left behind");
        }
    }

    private TenantSnapshot frame(boolean bodyMd5) throws Exception {
        Path snapshot = Files.writeString(work.resolve("snapshot.db"), "page ".repeat(100_000));
        TenantSnapshot taken = TenantSnapshot.taken("p/d/b/t/20261201T000000.000Z.db.lz4", Instant.EPOCH, "00", Files.size(snapshot), snapshot);
        return new FrameWriter(Files.createDirectories(work.resolve("tmp")), Optional.empty(), bodyMd5).write(taken);
    }
}
