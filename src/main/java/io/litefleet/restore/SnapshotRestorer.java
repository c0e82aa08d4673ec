package io.litefleet.restore;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

import io.litefleet.compression.Lz4Frame;
import io.litefleet.encryption.AgeException;
import io.litefleet.encryption.AgeIdentities;
import io.litefleet.model.ObjectKeys;
import io.litefleet.model.ReadErrors;
import io.litefleet.model.SnapshotMetadata;
import io.litefleet.model.StoredSnapshot;
import io.litefleet.snapshot.IntegrityCheck;
import io.litefleet.storage.Target;
import net.jpountz.lz4.LZ4Exception;

/**
 * Brings one snapshot back as a database file, and only a verified one: the age authentication of
 * an encrypted object, the LZ4 frame checksums, the {@code sha256} metadata (of the plain database)
 * when the object has it, and {@code PRAGMA integrity_check} must all pass before the file is
 * renamed into place ({@link RestoreTarget}: what it may replace, and how).
 * Until then it is a temporary file beside the target, so a failed restore leaves the target as it was.
 */
public final class SnapshotRestorer {

    private final Target store;
    private final Optional<AgeIdentities> identities;

    /** For a store without encrypted objects: restoring one fails, saying an identity is needed. */
    public SnapshotRestorer(Target store) {
        this(store, Optional.empty());
    }

    /** @param identities what opens the age-encrypted objects ({@code --identity FILE}) */
    public SnapshotRestorer(Target store, Optional<AgeIdentities> identities) {
        this.store = store;
        this.identities = identities;
    }

    /**
     * @return the size of the restored database
     */
    public long restore(StoredSnapshot snapshot, Path target, boolean force) throws RestoreException, IOException {
        RestoreTarget into = new RestoreTarget(target, force);
        into.check();
        Path temporary = into.temporary();
        try {
            long size = downloadChecked(snapshot.key(), temporary).size();
            into.replaceWith(temporary);
            return size;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * A restore drill: the snapshot brought back into {@code scratch} with every check a restore
     * makes, then removed. Nothing else is written.
     *
     * @return the sha256 of the snapshot's content, for a comparison with what was recorded when it was stored
     * @throws RestoreException when a check fails: the object is damaged (or its download was cut short)
     * @throws java.nio.file.NoSuchFileException when the object is missing
     */
    public String check(StoredSnapshot snapshot, Path scratch) throws RestoreException, IOException {
        try {
            return downloadChecked(snapshot.key(), scratch).sha256();
        } finally {
            Files.deleteIfExists(scratch);
        }
    }

    private record Downloaded(long size, String sha256) {
    }

    /** {@link #download}, then {@code integrity_check} of the downloaded database. */
    private Downloaded downloadChecked(String key, Path file) throws RestoreException, IOException {
        Downloaded downloaded = download(key, file);
        Optional<String> problems = IntegrityCheck.FULL.problems(file);
        if (problems.isPresent()) {
            throw new RestoreException(key + ": " + problems.get());
        }
        return downloaded;
    }

    /** Downloads, decrypts and decodes into {@code file}, checking the frame and the sha256 on the way. */
    private Downloaded download(String key, Path file) throws RestoreException, IOException {
        boolean encrypted = ObjectKeys.isEncrypted(key);
        if (encrypted && identities.isEmpty()) {
            throw new RestoreException(key + " is encrypted with age: an identity is needed to restore it (--identity FILE)");
        }
        MessageDigest sha256 = sha256();
        long size;
        String expected;
        try (Target.OpenedObject object = store.open(key);
             OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha256)) {
            expected = object.metadata().get(SnapshotMetadata.SHA256);
            try (InputStream decoded = decoded(key, new ReadErrors(object.content(), ReadFailed::new), encrypted)) {
                size = copy(key, decoded, out);
            }
        }
        String actual = HexFormat.of().formatHex(sha256.digest());
        if (expected != null && !expected.equalsIgnoreCase(actual)) {
            throw new RestoreException(key + ": sha256 check failed: metadata says " + expected + ", content is " + actual);
        }
        return new Downloaded(size, actual);
    }

    private InputStream decoded(String key, InputStream content, boolean encrypted) throws RestoreException, IOException {
        try {
            return Lz4Frame.decode(encrypted ? identities.get().decrypt(content) : content);
        } catch (IOException | LZ4Exception e) {
            throw damaged(key, e);
        }
    }

    /**
     * Only a failed read tells of the object: a failed write (the disk of {@code file} is full) is
     * this machine's, and must not pass for damage (a restore drill would store the tenant again).
     */
    private static long copy(String key, InputStream decoded, OutputStream out) throws RestoreException, IOException {
        byte[] buffer = new byte[64 * 1024];
        long size = 0;
        while (true) {
            int read;
            try {
                read = decoded.read(buffer);
            } catch (IOException | LZ4Exception e) {
                throw damaged(key, e);
            }
            if (read < 0) {
                return size;
            }
            out.write(buffer, 0, read);
            size += read;
        }
    }

    /** @throws IOException the target's own stream failed (a connection reset, a read timeout): nothing is known of the object */
    private static RestoreException damaged(String key, Exception e) throws IOException {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof ReadFailed failed) {
                throw new IOException(key + ": the download failed: " + failed.getMessage(), failed.getCause());
            }
        }
        if (e instanceof AgeException) {
            return new RestoreException(key + ": " + e.getMessage(), e);
        }
        // a checksum mismatch or a malformed block: the object is damaged (or the download was cut)
        return new RestoreException(key + ": LZ4 frame check failed: " + e.getMessage(), e);
    }

    /**
     * A failure of the target's download, told apart from what the decoders find, whichever of them
     * (age, LZ4) wraps it: a download cut twice is not damage.
     */
    private static final class ReadFailed extends IOException {
        ReadFailed(IOException cause) {
            super(cause.getMessage(), cause);
        }

        @Override
        public synchronized IOException getCause() {
            return (IOException) super.getCause();
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
