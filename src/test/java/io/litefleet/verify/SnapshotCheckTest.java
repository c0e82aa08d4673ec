package io.litefleet.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.FilterInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import io.litefleet.model.ObjectKeys;
import io.litefleet.model.StoredSnapshot;
import io.litefleet.restore.SnapshotRestorer;
import io.litefleet.sample.SampleFleet;
import io.litefleet.storage.Target;
import io.litefleet.testing.RunningLiteFleet;
import io.litefleet.testing.TestTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a restore drill's check makes of a download the connection cuts: the target is out of reach, the snapshot is not damaged. */
class SnapshotCheckTest {

    @TempDir
    Path work;

    @Test
    void aDownloadCutTwiceIsNotDamage() throws Exception {
        SampleFleet.generate(work.resolve("data"), 1, 200);
        try (TestTarget target = TestTarget.start(TestTarget.Kind.FILE, work);
             RunningLiteFleet fleet = RunningLiteFleet.start(work, target.properties(java.util.Map.of()))) {
            assertEquals(1, fleet.runCycle().uploaded());
        }
        try (TestTarget target = TestTarget.start(TestTarget.Kind.FILE, work)) {
            String key = target.keys().stream().filter(k -> k.endsWith(".db.lz4")).findFirst().orElseThrow();
            StoredSnapshot snapshot = ObjectKeys.parse(key).orElseThrow();
            String sha256 = new SnapshotRestorer(target.store()).check(snapshot, work.resolve("sound.db"));
            SnapshotCheck check = new SnapshotCheck(new SnapshotRestorer(new CutTarget(target.store()), Optional.empty()), work);
            IOException cut = assertThrows(IOException.class, () -> check.damage(snapshot, sha256));
            assertEquals(key + ": the download failed: Connection reset", cut.getMessage());
        }
    }

    /** A target whose every download the connection resets after 100 bytes, as a flaky network does. */
    private record CutTarget(Target target) implements Target {

        @Override
        public OpenedObject open(String key) throws IOException {
            OpenedObject object = target.open(key);
            return new OpenedObject(new FilterInputStream(object.content()) {
                private int left = 100;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (left <= 0) {
                        throw new IOException("Connection reset");
                    }
                    int read = super.read(b, off, Math.min(len, left));
                    left -= Math.max(read, 0);
                    return read;
                }
            }, object.metadata());
        }

        @Override
        public List<StoredObject> list(String prefix) throws IOException {
            return target.list(prefix);
        }

        @Override
        public byte[] head(String key, int bytes) throws IOException {
            return target.head(key, bytes);
        }

        @Override
        public Optional<byte[]> read(String key) throws IOException {
            return target.read(key);
        }

        @Override
        public void put(String key, byte[] content) throws IOException {
            target.put(key, content);
        }

        @Override
        public void delete(List<String> keys) throws IOException {
            target.delete(keys);
        }

        @Override
        public String describe() {
            return target.describe();
        }
    }
}
