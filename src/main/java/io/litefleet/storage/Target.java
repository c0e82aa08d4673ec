package io.litefleet.storage;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A target: where snapshots go (litefleet.target). The replicator writes snapshots through the
 * target's store route ({@code store-<kind>} in targets.camel.yaml) and everything else through
 * this interface: listing, reading and deleting for restore, prune and retention, and LiteFleet's
 * own small objects. Every kind shares the key layout, so everything above this interface is
 * kind-agnostic. A new kind is a {@link TargetKind}, a class here and its store route.
 */
public interface Target extends AutoCloseable {

    /** An object as listed: key and compressed size. */
    record StoredObject(String key, long size) {
    }

    /** An object opened for reading, with its user metadata (empty when it has none). */
    record OpenedObject(InputStream content, Map<String, String> metadata) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            content.close();
        }
    }

    /**
     * Every object whose key starts with {@code prefix} (all objects for an empty prefix), in key
     * order, paging through the listing as needed.
     */
    List<StoredObject> list(String prefix) throws IOException;

    /** @throws java.nio.file.NoSuchFileException when there is no such object */
    OpenedObject open(String key) throws IOException;

    /**
     * The first {@code bytes} bytes of an object (all of a shorter one), without transferring the
     * rest: closing a stream from {@link #open} early would still read it to the end.
     */
    byte[] head(String key, int bytes) throws IOException;

    /** A small object of LiteFleet's own (the {@link OwnerMarker}), whole; empty when there is none. */
    Optional<byte[]> read(String key) throws IOException;

    /** Writes a small object of LiteFleet's own, replacing any previous one in one step. */
    void put(String key, byte[] content) throws IOException;

    /** Deletes these objects; a key that is already gone is not an error. */
    void delete(List<String> keys) throws IOException;

    /** Where the store is, for messages. */
    String describe();

    @Override
    default void close() {
    }
}
