package io.litefleet.snapshot;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.sqlite.SQLiteConfig;

/**
 * Copies a live database with {@code VACUUM INTO}: one read transaction, a compacted copy, the
 * source's connection with the small page cache of {@link ReadOnlySqlite} (the output gets the
 * same). Its errors are SQLite's own words, extended codes included. It rebuilds every index, so it
 * fails on a schema that needs a collation or function only the application defines: then
 * {@link OnlineBackup} copies the pages instead.
 */
final class VacuumInto {

    private VacuumInto() {
    }

    /** Copies {@code database} into the empty file {@code copy}. */
    static void copy(Path database, Path copy, Duration busyTimeout) throws SQLException {
        SQLiteConfig config = ReadOnlySqlite.config(true);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        // VACUUM INTO gives its output this connection's synchronous setting; the output is a
        // temporary file, so an fsync buys nothing (and the source is only read)
        config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        // A Statement that ran a query must be closed before VACUUM INTO ("SQL statements in progress"),
        // so this connection runs nothing else.
        try (Connection connection = config.createConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement()) {
            statement.execute("VACUUM INTO '" + copy.toString().replace("'", "''") + "'");
        }
    }
}
