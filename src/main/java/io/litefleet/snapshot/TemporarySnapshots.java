package io.litefleet.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The directory of everything LiteFleet writes for a while (snapshot copies, compressed frames).
 * Each file is deleted when its exchange completes; the directory is
 * swept when LiteFleet starts (leftovers of a killed process) and when it stops (uploads cut off by
 * the shutdown timeout). Only entries with one of LiteFleet's own prefixes are removed, whatever
 * else the directory holds.
 */
public final class TemporarySnapshots extends ServiceSupport {

    private static final Logger LOG = LoggerFactory.getLogger(TemporarySnapshots.class);

    private final Path directory;
    private final List<String> prefixes;

    /** @param prefixes the names of LiteFleet's own temporary files begin with one of these */
    public TemporarySnapshots(Path directory, List<String> prefixes) {
        this.directory = directory;
        this.prefixes = prefixes;
    }

    /** Deletes {@code file} when the exchange completes, whether the upload succeeded or not. */
    public static void deleteWhenDone(Exchange exchange, Path file) {
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException e) {
                    LOG.warn("Cannot delete temporary file {}: {}", file, e.getMessage());
                }
            }
        });
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
        try (Stream<Path> entries = Files.list(directory)) {
            for (Path entry : (Iterable<Path>) entries::iterator) {
                String name = entry.getFileName().toString();
                if (prefixes.stream().anyMatch(name::startsWith)) {
                    Files.deleteIfExists(entry);
                    LOG.debug("Removed temporary {}", entry);
                }
            }
        }
    }
}
