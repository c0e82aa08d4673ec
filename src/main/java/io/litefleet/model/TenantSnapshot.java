package io.litefleet.model;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * What the cycle made of one changed database, carried through its split as the exchange property
 * {@value #PROPERTY}: the snapshot step makes it, the frame step completes it, and the targets store,
 * record and prune from it. One typed record instead of loose headers, so a step's inputs are plain
 * method parameters.
 *
 * @param key        the object key the targets store it under (ending in {@code .age} once encrypted)
 * @param takenAt    when the snapshot was taken: the time in its key
 * @param sha256     hex SHA-256 of the snapshot's content, stored with the object and in the state
 * @param size       bytes of the snapshot's content
 * @param file       the temporary file the next step reads: the snapshot, then its frame
 * @param objectSize bytes of the stored object (the frame, encrypted if it is); 0 until framed
 * @param bodyMd5    base64 MD5 of the object's bytes, the form of HTTP's {@code Content-MD5}, when a
 *                   target checks what it stored (S3 does); empty until framed
 */
public record TenantSnapshot(String key, Instant takenAt, String sha256, long size, Path file, long objectSize,
        Optional<String> bodyMd5) {

    /** The exchange property that carries it. */
    public static final String PROPERTY = "snapshot";

    /** A snapshot just taken, in {@code file}. */
    public static TenantSnapshot taken(String key, Instant takenAt, String sha256, long size, Path file) {
        return new TenantSnapshot(key, takenAt, sha256, size, file, 0, Optional.empty());
    }

    /** The same snapshot as the object the targets store: its frame file, under {@code key}. */
    public TenantSnapshot framed(String objectKey, Path frame, long frameSize, Optional<String> frameMd5) {
        return new TenantSnapshot(objectKey, takenAt, sha256, size, frame, frameSize, frameMd5);
    }

    /** The user metadata stored with the object: what restore and the drills check the content against. */
    public Map<String, String> metadata() {
        return SnapshotMetadata.of(sha256, size);
    }
}
