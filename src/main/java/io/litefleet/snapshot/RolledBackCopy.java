package io.litefleet.snapshot;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * The last committed state of a database that a writer left with a hot journal (it crashed in the
 * middle of a transaction in rollback mode). SQLite rolls such a journal back at the next read, but
 * only on a read-write connection: a read-only one fails with {@code SQLITE_READONLY_ROLLBACK} until
 * the application opens the database again, and LiteFleet never writes the application's files. So
 * the database and its journal are copied into a private directory under the temporary directory
 * and SQLite rolls the private copy back.
 * <p>
 * The two files are copied under a SQLite shared lock (a POSIX read lock on SQLite's shared byte
 * range, which is what SQLite's unix VFS takes), so no other process can roll the journal back or
 * commit between the two copies: they belong together.
 */
final class RolledBackCopy implements AutoCloseable {

    /** Under {@link SqliteSnapshotter#TEMPORARY_PREFIX}, so start-up removes a killed process's leftovers. */
    static final String DIRECTORY_PREFIX = SqliteSnapshotter.TEMPORARY_PREFIX + "rollback-";

    /** SQLite's lock bytes (os_unix.c): a shared lock is a read lock on SHARED_SIZE bytes from SHARED_FIRST. */
    private static final long PENDING_BYTE = 0x40000000L;
    private static final long SHARED_FIRST = PENDING_BYTE + 2;
    private static final long SHARED_SIZE = 510;

    private final Path directory;
    private final Path database;

    private RolledBackCopy(Path directory) {
        this.directory = directory;
        this.database = directory.resolve("database");
    }

    /** Whether a read-only open failed because of a hot journal. */
    static boolean isNeededFor(SQLException failure) {
        return failure instanceof SQLiteException e && e.getResultCode() == SQLiteErrorCode.SQLITE_READONLY_ROLLBACK;
    }

    /** A private copy of {@code source} rolled back to its last commit; close it to delete it. */
    static RolledBackCopy of(Path source, Path temporaryDirectory, Duration busyTimeout)
            throws IOException, SQLException, SnapshotException {
        RolledBackCopy copy = new RolledBackCopy(Files.createTempDirectory(temporaryDirectory, DIRECTORY_PREFIX));
        try {
            copy.copyFrom(source, busyTimeout);
            copy.rollBack();
            return copy;
        } catch (IOException | SQLException | SnapshotException | RuntimeException e) {
            copy.close();
            throw e;
        }
    }

    Path database() {
        return database;
    }

    private void copyFrom(Path source, Duration busyTimeout) throws IOException, SnapshotException {
        // The database is read through the locked channel: closing any other descriptor of the file
        // would drop this process's POSIX locks on it.
        try (FileChannel in = FileChannel.open(source, StandardOpenOption.READ);
             FileLock lock = sharedLock(in, busyTimeout);
             FileChannel out = FileChannel.open(database, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            long size = in.size();
            for (long done = 0; done < size; ) {
                done += in.transferTo(done, size - done, out);
            }
            try {
                Files.copy(source.resolveSibling(source.getFileName() + "-journal"), directory.resolve("database-journal"));
            } catch (NoSuchFileException rolledBackMeanwhile) {
                // the application opened the database and rolled the journal back: the file is the committed state
            }
        }
    }

    /** Waits for the shared lock like a reader under the busy timeout: a writer may be committing. */
    private static FileLock sharedLock(FileChannel channel, Duration busyTimeout) throws IOException, SnapshotException {
        long deadline = System.nanoTime() + busyTimeout.toNanos();
        while (true) {
            try {
                FileLock lock = channel.tryLock(SHARED_FIRST, SHARED_SIZE, true);
                if (lock != null) {
                    return lock;
                }
            } catch (OverlappingFileLockException sameProcess) {
                // another thread of LiteFleet holds it: wait as for any other holder
            }
            if (System.nanoTime() > deadline) {
                throw new SnapshotException("hot journal left by a crashed writer, and the database stayed locked for "
                        + busyTimeout.toMillis() + " ms");
            }
            try {
                Thread.sleep(OnlineBackup.RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SnapshotException("interrupted while waiting for the lock of a database with a hot journal");
            }
        }
    }

    /** SQLite plays a hot journal back when a read-write connection first reads the database. */
    private void rollBack() throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setCacheSize(-ReadOnlySqlite.PAGE_CACHE_KIB);
        try (Connection connection = config.createConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA schema_version")) {
            result.next();
        }
    }

    @Override
    public void close() throws IOException {
        TemporarySnapshots.deleteRecursively(directory);
    }
}
