package io.litefleet.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory of temporary snapshot files. Emptied when LiteFleet starts (leftovers of a killed
 * process) and when it stops (uploads cut off by the shutdown timeout). Only LiteFleet's own
 * {@code snapshot-*} files and directories (private copies of databases with a hot journal) are
 * removed, whatever else the directory holds.
 */
public final class TemporarySnapshots extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(TemporarySnapshots.class);

    private final Path directory;

    public TemporarySnapshots(Path directory) {
        this.directory = directory;
    }

    @Override
    protected void doStart() throws IOException {
        Files.createDirectories(directory);
        removeLeftovers();
    }

    @Override
    protected void doStop() throws IOException {
        removeLeftovers();
    }

    private void removeLeftovers() throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.getFileName().toString().startsWith(SqliteSnapshotter.TEMPORARY_PREFIX)) {
                    deleteRecursively(file);
                    LOG.debug("Removed temporary snapshot {}", file);
                }
            }
        }
    }

    /** Deletes a file, or a directory with the files in it; nothing when it is gone already. */
    static void deleteRecursively(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> files = Files.list(path)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    deleteRecursively(file);
                }
            }
        }
        Files.deleteIfExists(path);
    }
}
