package io.litefleet.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.litefleet.storage.SnapshotMetadata;
import org.apache.camel.Exchange;
import org.apache.camel.RoutesBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LZ4 data format in Camel routes: standard frames, both directions, checksums verified. */
class Lz4FrameDataFormatTest extends CamelTestSupport {

    @TempDir
    Path work;

    @Override
    protected RoutesBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                Lz4FrameDataFormat lz4 = new Lz4FrameDataFormat();
                from("direct:compress").marshal(lz4).convertBodyTo(byte[].class);
                from("direct:decompress").unmarshal(lz4).convertBodyTo(byte[].class);
            }
        };
    }

    @Test
    void aFileRoundTripsThroughMarshalAndUnmarshalWithTheCompressedSizeAsHeader() throws Exception {
        byte[] original = compressibleBytes(3 * 1024 * 1024 + 17);
        File source = Files.write(work.resolve("source.db"), original).toFile();

        Exchange compressed = template.request("direct:compress", e -> e.getMessage().setBody(source));
        byte[] frame = compressed.getMessage().getBody(byte[].class);
        byte[] restored = template.requestBody("direct:decompress", frame, byte[].class);

        assertArrayEquals(original, restored);
        assertEquals((long) frame.length, compressed.getMessage().getHeader(SnapshotMetadata.COMPRESSED_SIZE_HEADER));
        assertTrue(frame.length < original.length / 2, "compressed " + frame.length);
        assertEquals(0x184D2204, Integer.reverseBytes(java.nio.ByteBuffer.wrap(frame, 0, 4).getInt()), "LZ4 frame magic");
    }

    @Test
    void aFlippedByteIsDetectedByTheFrameChecksum() {
        byte[] frame = template.requestBody("direct:compress", compressibleBytes(200_000), byte[].class);
        frame[frame.length / 2] ^= 0x40;

        assertThrows(Exception.class, () -> template.requestBody("direct:decompress", frame, byte[].class));
    }

    @Test
    void theLz4CommandLineToolReadsTheFrames() throws Exception {
        assumeTrue(new File("/usr/bin/lz4").canExecute(), "lz4 command line tool installed");
        byte[] original = compressibleBytes(1_000_000);
        Path frame = Files.write(work.resolve("x.db.lz4"), template.requestBody("direct:compress", original, byte[].class));
        Path out = work.resolve("x.db");

        Process lz4 = new ProcessBuilder("/usr/bin/lz4", "-d", "-q", frame.toString(), out.toString()).start();

        assertTrue(lz4.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, lz4.exitValue(), new String(lz4.getErrorStream().readAllBytes()));
        assertArrayEquals(original, Files.readAllBytes(out));
    }

    @Test
    void streamsCompressingAtOnceEachGetTheirOwnBytesBack() throws Exception {
        // the codec's direct buffers are pooled between streams: a buffer shared by two blocks at
        // once would mix their bytes
        int streams = 16;
        ExecutorService threads = Executors.newFixedThreadPool(streams);
        try {
            List<Future<Boolean>> roundTrips = new ArrayList<>();
            for (int i = 0; i < streams; i++) {
                byte[] original = compressibleBytes(700_000 + 4_099 * i, i);
                roundTrips.add(threads.submit(() -> {
                    byte[] frame = template.requestBody("direct:compress", original, byte[].class);
                    return Arrays.equals(original, template.requestBody("direct:decompress", frame, byte[].class));
                }));
            }
            for (Future<Boolean> roundTrip : roundTrips) {
                assertTrue(roundTrip.get(2, TimeUnit.MINUTES));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static byte[] compressibleBytes(int size) {
        return compressibleBytes(size, 7);
    }

    /** Text with the repetition of real table pages, of exactly {@code size} bytes. */
    private static byte[] compressibleBytes(int size, long seed) {
        StringBuilder text = new StringBuilder(size + 64);
        Random random = new Random(seed);
        while (text.length() < size) {
            text.append("INSERT INTO items VALUES (").append(random.nextInt(1000)).append(", 'item', 42);\n");
        }
        return text.substring(0, size).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

}
