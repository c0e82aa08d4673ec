package io.litefleet.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import io.litefleet.storage.SnapshotMetadata;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The frame file a snapshot is stored from, with the MD5 an S3 target must be shown to have stored. */
class FrameFileProcessorTest {

    @TempDir
    Path work;

    @Test
    void theBodyMd5IsTheMd5OfTheFrameFileWhenATargetChecksIt() throws Exception {
        Exchange exchange = frame(true);

        byte[] frame = Files.readAllBytes(exchange.getMessage().getBody(File.class).toPath());
        assertEquals(Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(frame)),
                exchange.getMessage().getHeader(SnapshotMetadata.BODY_MD5_HEADER));
    }

    @Test
    void noTargetChecksTheBodyMd5NoneIsComputedAndTheFrameIsTheSame() throws Exception {
        Exchange exchange = frame(false);

        assertNull(exchange.getMessage().getHeader(SnapshotMetadata.BODY_MD5_HEADER));
        try (InputStream decoded = Lz4FrameDataFormat.decode(Files.newInputStream(exchange.getMessage().getBody(File.class).toPath()))) {
            assertArrayEquals(Files.readAllBytes(work.resolve("snapshot.db")), decoded.readAllBytes());
        }
    }

    private Exchange frame(boolean bodyMd5) throws Exception {
        Path snapshot = Files.writeString(work.resolve("snapshot.db"), "page ".repeat(100_000));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.start();
            Exchange exchange = new DefaultExchange(context);
            exchange.getMessage().setBody(snapshot.toFile());
            new FrameFileProcessor(new Lz4FrameDataFormat(), Files.createDirectories(work.resolve("tmp")), Optional.empty(), bodyMd5)
                    .process(exchange);
            return exchange;
        }
    }
}
