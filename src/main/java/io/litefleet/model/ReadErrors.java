package io.litefleet.model;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;

/**
 * A stream whose read failures are mapped to another exception, so a reader further up a chain of
 * decoders (age, LZ4) can tell where a failure came from: the target's download or a decoder's check.
 */
public final class ReadErrors extends FilterInputStream {

    private final Function<IOException, ? extends IOException> map;

    public ReadErrors(InputStream in, Function<IOException, ? extends IOException> map) {
        super(in);
        this.map = map;
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (IOException e) {
            throw map.apply(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (IOException e) {
            throw map.apply(e);
        }
    }
}
