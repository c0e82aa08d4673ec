package io.litefleet.storage;

import java.util.Map;

/**
 * Names shared by the pipeline and the target routes: the headers a snapshot travels with and
 * the user metadata stored with each object.
 */
public final class SnapshotMetadata {

    /** Header: the object key, mapped by each target route to its own key header. */
    public static final String KEY_HEADER = "LiteFleetKey";
    /** Header: the user metadata map ({@link #SHA256}, {@link #SOURCE_SIZE}). */
    public static final String METADATA_HEADER = "LiteFleetMetadata";
    /** Header: when the snapshot was taken ({@link java.time.Instant}), the time in its key. */
    public static final String TAKEN_AT_HEADER = "LiteFleetTakenAt";
    /** Header: bytes of the stored object, set by the LZ4 data format (and for an age-encrypted one by FrameFileProcessor). */
    public static final String COMPRESSED_SIZE_HEADER = "LiteFleetCompressedSize";
    /**
     * Header: base64 MD5 of the object's bytes as written to the frame file, the form of HTTP's
     * {@code Content-MD5}: what the target must have stored (see {@link StoredObjectCheck}); set only
     * when an S3 target is configured.
     */
    public static final String BODY_MD5_HEADER = "LiteFleetBodyMd5";

    /** Metadata: hex SHA-256 of the uncompressed snapshot. */
    public static final String SHA256 = "sha256";
    /** Metadata: bytes of the uncompressed snapshot. */
    public static final String SOURCE_SIZE = "source-size";

    private SnapshotMetadata() {
    }

    public static Map<String, String> of(String sha256, long sourceSize) {
        return Map.of(SHA256, sha256, SOURCE_SIZE, Long.toString(sourceSize));
    }
}
