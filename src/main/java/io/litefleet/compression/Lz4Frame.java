package io.litefleet.compression;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4FrameInputStream;
import net.jpountz.lz4.LZ4FrameOutputStream;
import net.jpountz.lz4.LZ4FrameOutputStream.BLOCKSIZE;
import net.jpountz.lz4.LZ4FrameOutputStream.FLG;
import net.jpountz.xxhash.XXHash32;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The standard LZ4 frame format (the one {@code lz4 -d} reads), streaming in both directions so a
 * database of any size needs only a block of heap.
 * <p>
 * 64 KB blocks: with 100 uploads in flight each stream holds about two blocks, so larger blocks
 * would cost hundreds of megabytes of heap for a few percent of ratio. Every frame carries a content
 * checksum, which {@link #decode} verifies.
 */
public final class Lz4Frame {

    // The C codec through direct buffers (see DirectBufferLz4Compressor); shared by all streams.
    private static final LZ4Compressor COMPRESSOR = DirectBufferLz4Compressor.fastest();
    private static final XXHash32 CHECKSUM = XXHashFactory.fastestJavaInstance().hash32();
    /** The frame does not declare the content size, which is known only at the end. */
    private static final long UNKNOWN_SIZE = -1L;

    private Lz4Frame() {
    }

    /** Compresses what is written into one frame on {@code frame}; closing it ends the frame and closes {@code frame}. */
    public static OutputStream encode(OutputStream frame) throws IOException {
        return new LZ4FrameOutputStream(frame, BLOCKSIZE.SIZE_64KB, UNKNOWN_SIZE, COMPRESSOR, CHECKSUM,
                FLG.Bits.BLOCK_INDEPENDENCE, FLG.Bits.CONTENT_CHECKSUM);
    }

    /** Decodes a frame as it is read; a damaged frame fails with an {@link IOException} from the block or content checksum. */
    public static InputStream decode(InputStream frame) throws IOException {
        return new LZ4FrameInputStream(frame);
    }
}
