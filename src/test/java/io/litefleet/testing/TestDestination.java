package io.litefleet.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.litefleet.storage.FileSnapshotStore;
import io.litefleet.storage.S3SnapshotStore;
import io.litefleet.storage.SnapshotStore;

/**
 * One destination of either kind, for tests that must hold for both: the properties that point a
 * replicator at it, and a store that reads it back as the restore commands do.
 */
public final class TestDestination implements AutoCloseable {

    /** The kinds of {@code litefleet.target}. */
    public enum Kind {
        FILE, S3;

        /** The name of this kind in litefleet.target. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Map<String, String> properties;
    private final SnapshotStore store;
    private final S3Server s3;

    private TestDestination(Map<String, String> properties, SnapshotStore store, S3Server s3) {
        this.properties = properties;
        this.store = store;
        this.s3 = s3;
    }

    /** A file destination under {@code work/replica}, or a bucket of a new in-process S3 server. */
    public static TestDestination start(Kind kind, Path work) throws Exception {
        if (kind == Kind.FILE) {
            Path directory = work.resolve("replica");
            return new TestDestination(Map.of("litefleet.file.directory", directory.toString()), new FileSnapshotStore(directory), null);
        }
        S3Server s3 = S3Server.start();
        return new TestDestination(s3.targetProperties(), new S3SnapshotStore(TestSettings.load(s3.targetProperties()).s3().orElseThrow(), 4), s3);
    }

    /** The properties for a replicator, plus {@code more}. */
    public Map<String, String> properties(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.putAll(more);
        return all;
    }

    public SnapshotStore store() {
        return store;
    }

    /** Every key the destination holds. */
    public List<String> keys() throws Exception {
        return store.list("").stream().map(SnapshotStore.StoredObject::key).toList();
    }

    @Override
    public void close() throws Exception {
        store.close();
        if (s3 != null) {
            s3.close();
        }
    }
}
