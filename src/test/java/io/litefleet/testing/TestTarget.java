package io.litefleet.testing;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.litefleet.storage.FileTarget;
import io.litefleet.storage.S3Target;
import io.litefleet.storage.Target;

/**
 * One target of either kind, for tests that must hold for both: the properties that point a
 * replicator at it, and a store that reads it back as the restore commands do.
 */
public final class TestTarget implements AutoCloseable {

    /** The kinds of {@code litefleet.target}. */
    public enum Kind {
        FILE, S3;

        /** The name of this kind in litefleet.target. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Map<String, String> properties;
    private final Target store;
    private final S3Server s3;

    private TestTarget(Map<String, String> properties, Target store, S3Server s3) {
        this.properties = properties;
        this.store = store;
        this.s3 = s3;
    }

    /** A file target under {@code work/replica}, or a bucket of a new in-process S3 server. */
    public static TestTarget start(Kind kind, Path work) throws Exception {
        if (kind == Kind.FILE) {
            Path directory = work.resolve("replica");
            return new TestTarget(Map.of("litefleet.file.directory", directory.toString()), new FileTarget(directory), null);
        }
        S3Server s3 = S3Server.start();
        return new TestTarget(s3.targetProperties(), new S3Target(TestSettings.load(s3.targetProperties()).s3().orElseThrow(), 4), s3);
    }

    /** The properties for a replicator, plus {@code more}. */
    public Map<String, String> properties(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.putAll(more);
        return all;
    }

    public Target store() {
        return store;
    }

    /**
     * Replaces an object behind LiteFleet's back, as damage would: its bytes, and on S3 its user
     * metadata (the file target keeps none).
     */
    public void overwrite(String key, byte[] content, Map<String, String> metadata) throws Exception {
        if (s3 == null) {
            java.nio.file.Files.write(java.nio.file.Path.of(properties.get("litefleet.file.directory")).resolve(key), content);
        } else {
            s3.client().putObject(b -> b.bucket(S3Server.BUCKET).key(key).metadata(metadata),
                    software.amazon.awssdk.core.sync.RequestBody.fromBytes(content));
        }
    }

    /** An object's bytes, as a restore reads them. */
    public byte[] bytes(String key) throws Exception {
        try (Target.OpenedObject object = store.open(key)) {
            return object.content().readAllBytes();
        }
    }

    /** An object's user metadata (none on the file target). */
    public Map<String, String> metadata(String key) throws Exception {
        try (Target.OpenedObject object = store.open(key)) {
            return object.metadata();
        }
    }

    /** Every key the target holds. */
    public List<String> keys() throws Exception {
        return store.list("").stream().map(Target.StoredObject::key).toList();
    }

    @Override
    public void close() throws Exception {
        store.close();
        if (s3 != null) {
            s3.close();
        }
    }
}
