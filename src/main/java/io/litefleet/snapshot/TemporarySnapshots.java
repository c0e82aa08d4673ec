package io.litefleet.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory of everything LiteFleet writes for a while: snapshot copies and compressed frames,
 * each deleted when its exchange completes (see {@link TemporaryFiles}), and the replicator JVM's own {@code java.io.tmpdir}
 * (native libraries that sqlite-jdbc and lz4-java unpack, Vert.x's file cache) and private copies of
 * databases with a hot journal, which a
 * {@code kill -9} would otherwise leave behind in {@code /tmp} for good. Swept when LiteFleet starts
 * (leftovers of a killed process) and when it stops (uploads cut off by the shutdown timeout). Only
 * entries with one of LiteFleet's own prefixes are removed, whatever else the directory holds.
 */
public final class TemporarySnapshots extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(TemporarySnapshots.class);
    /** The {@code java.io.tmpdir} of each replicator process is {@code jvm-<pid>}. */
    private static final String JVM_PREFIX = "jvm-";
    private static final String OWN_JVM_DIRECTORY = JVM_PREFIX + ProcessHandle.current().pid();

    private final Path directory;
    private final List<String> prefixes;

    /** @param prefixes the names of LiteFleet's own temporary files begin with one of these */
    public TemporarySnapshots(Path directory, List<String> prefixes) {
        this.directory = directory;
        this.prefixes = prefixes;
    }

    /**
     * Makes {@code <directory>/jvm-<pid>} this JVM's {@code java.io.tmpdir}, before any library has
     * used it. The state directory's lock makes every other {@code jvm-*} directory found there the
     * leftover of a process that is gone, which start-up removes. On a normal exit the JVM deletes
     * the directory itself, after the files its libraries marked to delete on exit.
     */
    public static void holdJvmTemporaryFiles(Path directory) throws IOException {
        Path own = Files.createDirectories(directory.resolve(OWN_JVM_DIRECTORY)).toAbsolutePath();
        own.toFile().deleteOnExit();
        System.setProperty("java.io.tmpdir", own.toString());
    }

    @Override
    protected void doStart() throws IOException {
        sweep();
    }

    @Override
    protected void doStop() throws IOException {
        removeLeftovers();
    }

    /**
     * Creates the directory and removes what is left in it: only the replicator that holds the
     * state directory may (a standby of a cluster does not: the leader's files are in use).
     */
    public void sweep() throws IOException {
        Files.createDirectories(directory);
        removeLeftovers();
    }

    private void removeLeftovers() throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (prefixes.stream().anyMatch(name::startsWith)
                        || name.startsWith(JVM_PREFIX) && !name.equals(OWN_JVM_DIRECTORY)) {
                    deleteRecursively(entry);
                    LOG.debug("Removed temporary {}", entry);
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
