package io.litefleet.compression;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import io.litefleet.storage.SnapshotMetadata;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream.BLOCKSIZE;
import net.jpountz.lz4.LZ4FrameOutputStream.FLG;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;
import org.apache.camel.Exchange;
import org.apache.camel.spi.DataFormat;
import org.apache.camel.support.service.ServiceSupport;

/**
 * Camel data format for the standard LZ4 frame format (the one {@code lz4 -d} reads), streaming in
 * both directions so a database of any size needs only a block of heap.
 * <p>
 * 64 KB blocks: with 100 uploads in flight each stream holds about two blocks, so larger blocks
 * would cost hundreds of megabytes of heap for a few percent of ratio. Every frame carries a content
 * checksum, which {@link #unmarshal} verifies.
 */
public final class Lz4FrameDataFormat extends ServiceSupport implements DataFormat {

    // The C codec through direct buffers (see DirectBufferLz4Compressor); shared by all streams.
    private static final LZ4Compressor COMPRESSOR = DirectBufferLz4Compressor.fastest();
    private static final XXHash32 CHECKSUM = XXHashFactory.fastestJavaInstance().hash32();
    /** The frame does not declare the content size, which is known only at the end. */
    private static final long UNKNOWN_SIZE = -1L;

    @Override
    public void marshal(Exchange exchange, Object graph, OutputStream stream) throws Exception {
        CountingOutputStream counted = new CountingOutputStream(stream);
        try (InputStream in = exchange.getContext().getTypeConverter().mandatoryConvertTo(InputStream.class, exchange, graph);
             OutputStream lz4 = new LZ4FrameOutputStream(counted, BLOCKSIZE.SIZE_64KB, UNKNOWN_SIZE, COMPRESSOR, CHECKSUM,
                     FLG.Bits.BLOCK_INDEPENDENCE, FLG.Bits.CONTENT_CHECKSUM)) {
            in.transferTo(lz4);
        }
        exchange.getMessage().setHeader(SnapshotMetadata.COMPRESSED_SIZE_HEADER, counted.count);
    }

    @Override
    public Object unmarshal(Exchange exchange, InputStream stream) throws Exception {
        return decode(stream);
    }

    /**
     * Decodes a frame as it is read; a damaged frame fails with an {@link IOException} from the
     * block or content checksum. Also used by restore, which reads outside a Camel exchange.
     */
    public static InputStream decode(InputStream frame) throws IOException {
        return new LZ4FrameInputStream(frame);
    }

    /** Counts what passes through, and leaves the target open: Camel owns the marshal output stream. */
    private static final class CountingOutputStream extends FilterOutputStream {
        private long count;

        CountingOutputStream(OutputStream target) {
            super(target);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
