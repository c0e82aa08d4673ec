package io.litefleet.snapshot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.litefleet.model.TenantSnapshot;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.support.SynchronizationAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route step after each step that writes a temporary file (the snapshot, its frame): the file
 * is deleted when the database's exchange completes, whether the upload succeeded or not. What a
 * {@code kill -9} leaves behind, {@link TemporarySnapshots} sweeps at the next start.
 */
public final class TemporaryFiles {

    private static final Logger LOG = LoggerFactory.getLogger(TemporaryFiles.class);

    public void deleteWhenDone(Exchange exchange, @ExchangeProperty(TenantSnapshot.PROPERTY) TenantSnapshot snapshot) {
        Path file = snapshot.file();
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
}
