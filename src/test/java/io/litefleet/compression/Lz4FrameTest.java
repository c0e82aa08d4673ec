package io.litefleet.compression;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The LZ4 frames: standard frames, both directions, checksums verified. */
class Lz4FrameTest {

    @TempDir
    Path work;

    @Test
    void bytesRoundTripThroughEncodeAndDecode() throws Exception {
        byte[] original = compressibleBytes(3 * 1024 * 1024 + 17);

        byte[] frame = compress(original);

        assertArrayEquals(original, decompress(frame));
        assertTrue(frame.length < original.length / 2, "compressed " + frame.length);
        assertEquals(0x184D2204, Integer.reverseBytes(java.nio.ByteBuffer.wrap(frame, 0, 4).getInt()), "LZ4 frame magic");
    }

    @Test
    void aFlippedByteIsDetectedByTheFrameChecksum() throws Exception {
        byte[] frame = compress(compressibleBytes(200_000));
        frame[frame.length / 2] ^= 0x40;

        assertThrows(IOException.class, () -> decompress(frame));
    }

    @Test
    void theLz4CommandLineToolReadsTheFrames() throws Exception {
        assumeTrue(new File("/usr/bin/lz4").canExecute(), "lz4 command line tool installed");
        byte[] original = compressibleBytes(1_000_000);
        Path frame = Files.write(work.resolve("x.db.lz4"), compress(original));
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
                    return Arrays.equals(original, decompress(compress(original)));
                }));
            }
            for (Future<Boolean> roundTrip : roundTrips) {
                assertTrue(roundTrip.get(2, TimeUnit.MINUTES));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    private static byte[] compress(byte[] content) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        try (OutputStream lz4 = Lz4Frame.encode(frame)) {
            lz4.write(content);
        }
        return frame.toByteArray();
    }

    private static byte[] decompress(byte[] frame) throws IOException {
        try (InputStream content = Lz4Frame.decode(new ByteArrayInputStream(frame))) {
            return content.readAllBytes();
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
