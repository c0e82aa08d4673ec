package io.litefleet.model;

import java.util.Map;

/** The user metadata stored with each object, which restore and the drills check the content against. */
public final class SnapshotMetadata {

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
