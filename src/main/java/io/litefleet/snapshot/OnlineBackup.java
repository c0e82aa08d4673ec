package io.litefleet.snapshot;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteErrorCode;

/**
 * Copies a live database with SQLite's online backup API run as <em>one</em> step: every page is
 * copied inside one read transaction, so the copy is a state some commit left, whatever other
 * connections write meanwhile. Pages are copied as they are, so unlike {@code VACUUM INTO} it needs
 * none of the application's collations or functions (nothing is rebuilt).
 * <p>
 * The copy is made from the output's side (sqlite-jdbc's {@code restore}): the output is this
 * class's own connection, with {@code synchronous} and the journal off (it is a temporary file: an
 * fsync buys nothing) and a small page cache; sqlite-jdbc opens the database itself read-only,
 * which never checkpoints the application's WAL. That connection has no busy handler (a busy
 * database is retried every {@link #RETRY_MILLIS} for the busy timeout) and SQLite's default page
 * cache of 2 MB, which is why this is the fallback of {@link VacuumInto}, not the first choice.
 */
final class OnlineBackup {

    static final int RETRY_MILLIS = 10;
    /** Offset of the file format write and read versions in the database header. */
    private static final long FILE_FORMAT_VERSIONS = 18;

    private OnlineBackup() {
    }

    /**
     * Copies {@code database} into the empty file {@code copy}.
     *
     * @throws SQLException when the copy did not complete (locked past the busy timeout, unreadable,
     *                      not a database); sqlite-jdbc does not say why, so the caller asks another way
     */
    static void copy(Path database, Path copy, Duration busyTimeout) throws SQLException, IOException {
        SQLiteConfig output = new SQLiteConfig();
        output.setCacheSize(-ReadOnlySqlite.PAGE_CACHE_KIB);
        output.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        output.setJournalMode(SQLiteConfig.JournalMode.OFF);
        int retries = (int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis() / RETRY_MILLIS);
        // sqlite-jdbc's return value is the source connection's error code, 0 even when the step
        // failed; SQLite reports progress only after a step that committed the output, so "no page
        // left" is the proof that the copy is complete.
        int[] remaining = { -1 };
        try (Connection connection = output.createConnection("jdbc:sqlite:" + copy)) {
            // an absolute path never starts with "file:", so sqlite-jdbc never reads it as a URI
            int result = ((SQLiteConnection) connection).getDatabase().restore("main", database.toAbsolutePath().toString(),
                    (left, total) -> remaining[0] = left, RETRY_MILLIS, retries, -1);
            if (remaining[0] != 0) {
                throw new SQLException("online backup did not complete"
                        + (result == 0 ? "" : ": " + SQLiteErrorCode.getErrorCode(result)));
            }
        }
        markRollbackJournalMode(copy);
    }

    /**
     * Pages are copied as they are, so a WAL database's copy says "WAL" in its header (bytes 18
     * and 19 are 2), and every later open of the snapshot (the quick_check here, a restore) would
     * make {@code -wal} and {@code -shm} files beside it. Its WAL is empty, so the copy is the same
     * database in rollback-journal mode (1 and 1), as {@code VACUUM INTO} writes it.
     */
    private static void markRollbackJournalMode(Path copy) throws IOException {
        try (FileChannel file = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            file.write(ByteBuffer.wrap(new byte[] { 1, 1 }), FILE_FORMAT_VERSIONS);
        }
    }
}
