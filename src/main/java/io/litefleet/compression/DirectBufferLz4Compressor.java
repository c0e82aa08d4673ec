package io.litefleet.compression;

import java.nio.ByteBuffer;
import java.util.concurrent.ConcurrentLinkedQueue;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;

/**
 * lz4-java's JNI codec (the LZ4 C library), fed through direct buffers.
 * <p>
 * Why JNI: on this project's machine it compresses a 1 MB snapshot in 2.5 ms, the pure-Java codec
 * in 6 ms, the largest single cost of replicating a database. Why direct buffers: given heap
 * arrays, the JNI codec pins them as JNI "critical" arrays for each block, which holds the JVM's
 * GC locker; with many streams compressing at once the collector could hardly run (allocations
 * failed with "Retried waiting for GCLocker too often"). Given direct buffers it reads their
 * addresses and pins nothing, so each block is copied into one and the result copied out (64 KB
 * copies, a few microseconds). The buffers are pooled: there are as many as blocks compressed at
 * the same instant, not one per stream. Where the native library cannot be loaded (a platform
 * lz4-java has no build for), the pure-Java codec is used.
 */
final class DirectBufferLz4Compressor extends LZ4Compressor {

    /** The frames' block size, the least a pooled buffer holds. */
    private static final int BLOCK = 64 * 1024;

    private final LZ4Compressor codec;
    private final ConcurrentLinkedQueue<Buffers> idle = new ConcurrentLinkedQueue<>();

    private DirectBufferLz4Compressor(LZ4Compressor codec) {
        this.codec = codec;
    }

    /** The JNI codec through direct buffers, or the pure-Java one where JNI is not available. */
    static LZ4Compressor fastest() {
        try {
            return new DirectBufferLz4Compressor(LZ4Factory.nativeInstance().fastCompressor());
        } catch (LinkageError | RuntimeException e) {
            return LZ4Factory.fastestJavaInstance().fastCompressor();
        }
    }

    private record Buffers(ByteBuffer source, ByteBuffer compressed) {
    }

    @Override
    public int compress(byte[] src, int srcOff, int srcLen, byte[] dest, int destOff, int maxDestLen) {
        Buffers buffers = idle.poll();
        if (buffers == null || buffers.source().capacity() < srcLen) {
            // a buffer too small is dropped: frames have 64 KB blocks, so none is
            int capacity = Math.max(srcLen, BLOCK);
            buffers = new Buffers(ByteBuffer.allocateDirect(capacity), ByteBuffer.allocateDirect(maxCompressedLength(capacity)));
        }
        try {
            buffers.source().clear();
            buffers.source().put(src, srcOff, srcLen);
            int length = codec.compress(buffers.source(), 0, srcLen, buffers.compressed(), 0,
                    Math.min(maxDestLen, buffers.compressed().capacity()));
            buffers.compressed().get(0, dest, destOff, length);
            return length;
        } finally {
            idle.offer(buffers);
        }
    }

    @Override
    public int compress(ByteBuffer src, int srcOff, int srcLen, ByteBuffer dest, int destOff, int maxDestLen) {
        return codec.compress(src, srcOff, srcLen, dest, destOff, maxDestLen);
    }
}
