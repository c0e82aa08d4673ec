package io.litefleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.stream.IntStream;

/**
 * A fleet of empty database files laid out like the seed, for what only stats them: 1,000 tenants
 * per branch directory, every other one with a {@code -wal} file beside it, modified an hour ago.
 * Kept between runs (a marker file records that it is complete).
 */
final class FleetTree {

    static final int TENANTS_PER_DIRECTORY = 1_000;

    private FleetTree() {
    }

    /** The data directory of an {@code n}-database tree under {@code work}, built unless already there. */
    static Path ofEmptyFiles(Path work, int n) throws IOException {
        Path data = work.resolve("tree-" + n).resolve("data");
        Path done = data.resolveSibling("complete");
        if (Files.exists(done)) {
            return data;
        }
        FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        int directories = (n + TENANTS_PER_DIRECTORY - 1) / TENANTS_PER_DIRECTORY;
        IntStream.range(0, directories).parallel().forEach(d -> {
            Path tenants = data.resolve("p" + d / 100).resolve("databases").resolve("d" + d % 100)
                    .resolve("branches").resolve("main").resolve("tenants");
            try {
                Files.createDirectories(tenants);
                for (int t = d * TENANTS_PER_DIRECTORY; t < Math.min(n, (d + 1) * TENANTS_PER_DIRECTORY); t++) {
                    Path db = tenants.resolve("t" + t + ".db");
                    Files.write(db, new byte[0]);
                    Files.setLastModifiedTime(db, old);
                    if (t % 2 == 0) {
                        Path wal = tenants.resolve("t" + t + ".db-wal");
                        Files.write(wal, new byte[] { 1 });
                        Files.setLastModifiedTime(wal, old);
                    }
                }
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        Files.createFile(done);
        return data;
    }

    /** The discovery pattern of a tree's data directory. */
    static String pattern(Path data) {
        return data + "/*/databases/*/branches/*/tenants/*.db";
    }
}
