package io.litefleet.verify;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import io.litefleet.model.StoredSnapshot;
import io.litefleet.restore.RestoreException;
import io.litefleet.restore.SnapshotRestorer;

/**
 * One stored snapshot read back and judged as a restore judges it (age's authentication, the LZ4
 * frame checksums, the {@code sha256} metadata, {@code integrity_check}), and against the sha256
 * recorded when it was stored: sound, damaged, or not judged at all because the target could not
 * be read. Only damage may make the replicator store a tenant again, so a failed check is read a
 * second time: a download cut short also fails the frame check, and is not damage.
 */
public final class SnapshotCheck {

    /** The scratch files' names begin with this, so the ones a killed replicator left are swept at start-up. */
    public static final String TEMPORARY_PREFIX = "verify-";

    private final SnapshotRestorer restorer;
    private final Path scratchDirectory;
    private final AtomicLong names = new AtomicLong();

    /** @param scratchDirectory where each snapshot is brought back, and removed at once */
    public SnapshotCheck(SnapshotRestorer restorer, Path scratchDirectory) {
        this.restorer = restorer;
        this.scratchDirectory = scratchDirectory;
    }

    /**
     * @param recordedSha256 the sha256 of the content, as recorded when it was stored
     * @return the check that failed; empty when the snapshot is sound
     * @throws IOException the target could not be read: nothing is known of the snapshot
     */
    public Optional<String> damage(StoredSnapshot snapshot, String recordedSha256) throws IOException {
        try {
            judge(snapshot, recordedSha256);
            return Optional.empty();
        } catch (RestoreException | NoSuchFileException first) {
            try {
                judge(snapshot, recordedSha256);
                return Optional.empty();
            } catch (RestoreException second) {
                return Optional.of(withoutKey(snapshot.key(), second.getMessage()));
            } catch (NoSuchFileException second) {
                return Optional.of("the object is missing");
            }
        }
    }

    private void judge(StoredSnapshot snapshot, String recordedSha256) throws RestoreException, IOException {
        Path scratch = scratchDirectory.resolve(TEMPORARY_PREFIX + names.incrementAndGet() + ".db");
        String sha256 = restorer.check(snapshot, scratch);
        if (!sha256.equalsIgnoreCase(recordedSha256)) {
            throw new RestoreException("sha256 check failed: the content is " + sha256 + ", " + recordedSha256
                    + " was recorded when it was stored");
        }
    }

    /** Restore's messages begin with the key, which the drill names on its own. */
    private static String withoutKey(String key, String message) {
        return message.startsWith(key + ": ") ? message.substring(key.length() + 2) : message;
    }
}
