package io.litefleet.snapshot;

import java.nio.file.Path;
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
 * which never checkpoints the application's WAL. That connection has no busy handler: a busy
 * database is retried every {@link #RETRY_MILLIS} for the busy timeout.
 */
final class OnlineBackup {

    static final int RETRY_MILLIS = 10;

    private OnlineBackup() {
    }

    /**
     * Copies {@code database} into the empty file {@code copy}.
     *
     * @throws SQLException when the copy did not complete (locked past the busy timeout, unreadable,
     *                      not a database); sqlite-jdbc does not say why, so the caller asks another way
     */
    static void copy(Path database, Path copy, Duration busyTimeout) throws SQLException {
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
    }
}
