package io.litefleet.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The first 100 bytes of a SQLite database file (https://www.sqlite.org/fileformat.html#the_database_header).
 * Read without a lock, so only the magic string, which never changes, is trusted before opening;
 * the declared size is used only to explain a failure.
 */
final class SqliteFileHeader {

    static final int LENGTH = 100;
    private static final byte[] MAGIC = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);

    private final ByteBuffer header;

    private SqliteFileHeader(ByteBuffer header) {
        this.header = header;
    }

    /** Reads and checks the header. */
    static SqliteFileHeader read(Path database) throws IOException, SnapshotException {
        long size = Files.size(database);
        if (size == 0) {
            throw new SnapshotException("empty file (0 bytes), not a SQLite database");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(database)) {
            bytes = in.readNBytes(LENGTH);
        }
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new SnapshotException("not a SQLite database (bad header)");
        }
        if (bytes.length < LENGTH) {
            throw new SnapshotException("truncated SQLite database (" + size + " bytes, shorter than its 100-byte header)");
        }
        return new SqliteFileHeader(ByteBuffer.wrap(bytes));
    }

    /**
     * The database size the header declares, when the header says that field is valid (the
     * "version-valid-for" number equals the change counter).
     */
    Optional<Long> declaredSize() {
        int pageSizeField = Short.toUnsignedInt(header.getShort(16));
        long pageSize = pageSizeField == 1 ? 65536 : pageSizeField;
        long pages = Integer.toUnsignedLong(header.getInt(28));
        boolean valid = header.getInt(92) == header.getInt(24) && pages > 0;
        return valid ? Optional.of(pages * pageSize) : Optional.empty();
    }
}
