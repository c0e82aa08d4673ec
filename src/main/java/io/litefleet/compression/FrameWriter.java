package io.litefleet.compression;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

import io.litefleet.encryption.AgeRecipients;
import io.litefleet.model.ObjectKeys;
import io.litefleet.model.TenantSnapshot;
import org.apache.camel.ExchangeProperty;

/**
 * The compress step of the pipeline: writes the snapshot as an LZ4 frame into a temporary file,
 * which becomes the object the targets store.
 * <p>
 * A file, not a stream: the S3 SDK sends a {@link java.io.File} body with
 * {@code RequestBody.fromFile} and its exact length, and opens it again when it retries a request
 * after a 500 or a dropped connection; a spooled stream cannot be read twice, so every retry of a
 * body over the SDK's 128 KiB replay buffer failed (DESIGN §2b). The heap holds only the frame's
 * blocks, whatever the size of the database.
 * <p>
 * With age recipients configured, the frame is encrypted on its way into the file (compressed
 * first: ciphertext does not compress), and the object's key and size become the encrypted one's.
 */
public final class FrameWriter {

    /** Names of the temporary frames, which start-up sweeps. */
    public static final String TEMPORARY_PREFIX = "frame-";

    private final Path temporaryDirectory;
    private final Optional<AgeRecipients> encryption;
    private final boolean bodyMd5;

    /**
     * @param bodyMd5 whether a target checks the MD5 of what it stored (S3 does); a file target
     *                writes the bytes itself, and an MD5 costs about 1 ms per compressed MB
     */
    public FrameWriter(Path temporaryDirectory, Optional<AgeRecipients> encryption, boolean bodyMd5) {
        this.temporaryDirectory = temporaryDirectory;
        this.encryption = encryption;
        this.bodyMd5 = bodyMd5;
    }

    /** @return the snapshot as the object to store: its frame file, with the frame's size and MD5 */
    public TenantSnapshot write(@ExchangeProperty(TenantSnapshot.PROPERTY) TenantSnapshot snapshot) throws IOException {
        Path frame = Files.createTempFile(temporaryDirectory, TEMPORARY_PREFIX, ".db.lz4");
        try {
            // the MD5 of the bytes in the file (encrypted, if they are), which an S3 target must be shown to have stored
            Optional<MessageDigest> md5 = bodyMd5 ? Optional.of(md5()) : Optional.empty();
            try (InputStream content = Files.newInputStream(snapshot.file());
                 OutputStream written = Files.newOutputStream(frame);
                 OutputStream file = md5.isPresent() ? new DigestOutputStream(written, md5.get()) : written;
                 OutputStream lz4 = Lz4Frame.encode(encryption.isPresent() ? encryption.get().encrypt(file) : file)) {
                content.transferTo(lz4);
            }
            String key = encryption.isPresent() ? ObjectKeys.encrypted(snapshot.key()) : snapshot.key();
            return snapshot.framed(key, frame, Files.size(frame), md5.map(d -> Base64.getEncoder().encodeToString(d.digest())));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(frame);
            throw e;
        }
    }

    private static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
    }
}
