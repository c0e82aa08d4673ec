package io.litefleet.compression;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import io.litefleet.encryption.AgeRecipients;
import io.litefleet.snapshot.TemporarySnapshots;
import io.litefleet.storage.ObjectKeys;
import io.litefleet.storage.SnapshotMetadata;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.spi.DataFormat;

/**
 * The compress step of the pipeline: marshals the body with the LZ4 frame format into a temporary
 * file and makes that file the body, deleted when the exchange completes.
 * <p>
 * A file, not Camel's {@code marshal} output (a stream spooled to disk): the S3 SDK sends a
 * {@link java.io.File} body with {@code RequestBody.fromFile} and its exact length, and opens it
 * again when it retries a request after a 500 or a dropped connection; a spooled stream cannot be
 * read twice, so every retry of a body over the SDK's 128 KiB replay buffer failed (DESIGN §2b).
 * The heap holds only the frame's blocks, whatever the size of the database.
 * <p>
 * With age recipients configured, the frame is encrypted on its way into the file (compressed
 * first: ciphertext does not compress), and the object's key and size become the encrypted one's.
 */
public final class FrameFileProcessor implements Processor {

    /** Names of the temporary frames, which start-up sweeps. */
    public static final String TEMPORARY_PREFIX = "frame-";

    private final DataFormat format;
    private final Path temporaryDirectory;
    private final Optional<AgeRecipients> encryption;
    private final boolean bodyMd5;

    /**
     * @param bodyMd5 whether a target checks the MD5 of what it stored (S3 does); a file target
     *                writes the bytes itself, and an MD5 costs about 1 ms per compressed MB
     */
    public FrameFileProcessor(DataFormat format, Path temporaryDirectory, Optional<AgeRecipients> encryption, boolean bodyMd5) {
        this.format = format;
        this.temporaryDirectory = temporaryDirectory;
        this.encryption = encryption;
        this.bodyMd5 = bodyMd5;
    }

    @Override
    public void process(Exchange exchange) throws Exception {
        Path frame = Files.createTempFile(temporaryDirectory, TEMPORARY_PREFIX, ".db.lz4");
        TemporarySnapshots.deleteWhenDone(exchange, frame);
        Message message = exchange.getMessage();
        // the MD5 of the bytes in the file (encrypted, if they are), which an S3 target must be shown to have stored
        Optional<MessageDigest> md5 = bodyMd5 ? Optional.of(MessageDigest.getInstance("MD5")) : Optional.empty();
        try (OutputStream written = Files.newOutputStream(frame);
             OutputStream file = md5.isPresent() ? new DigestOutputStream(written, md5.get()) : written;
             OutputStream out = encryption.isPresent() ? encryption.get().encrypt(file) : file) {
            format.marshal(exchange, message.getBody(), out);
        }
        if (md5.isPresent()) {
            message.setHeader(SnapshotMetadata.BODY_MD5_HEADER, Base64.getEncoder().encodeToString(md5.get().digest()));
        }
        if (encryption.isPresent()) {
            message.setHeader(SnapshotMetadata.KEY_HEADER, ObjectKeys.encrypted(message.getHeader(SnapshotMetadata.KEY_HEADER, String.class)));
            message.setHeader(SnapshotMetadata.COMPRESSED_SIZE_HEADER, Files.size(frame));
        }
        message.setBody(frame.toFile());
    }
}
