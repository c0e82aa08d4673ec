package io.litefleet.snapshot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;

import io.litefleet.Messages;
import org.sqlite.SQLiteConfig;

/**
 * Takes a consistent snapshot of a live SQLite database with {@code VACUUM INTO} a temporary file.
 * <p>
 * Why {@code VACUUM INTO}: it copies the database inside one read transaction, so the copy is a
 * consistent state even while other connections keep writing, and it finishes in one pass. The
 * online backup API restarts whenever another connection writes and never finishes under a steady
 * writer. Why read-only: a read-only connection never checkpoints the application's WAL, so the
 * snapshot does not change the database file's mtime and LiteFleet does not re-detect its own read.
 */
public final class SqliteSnapshotter {

    /** Names of the temporary snapshot files, so start-up can remove a killed process's leftovers. */
    public static final String TEMPORARY_PREFIX = "snapshot-";

    private final Path temporaryDirectory;
    private final Duration busyTimeout;

    public SqliteSnapshotter(Path temporaryDirectory, Duration busyTimeout) {
        this.temporaryDirectory = temporaryDirectory;
        this.busyTimeout = busyTimeout;
    }

    /**
     * Copies {@code database} into a new temporary file and verifies the copy. The caller owns the
     * file and must delete it; on failure nothing is left behind.
     */
    public Snapshot snapshot(Path database) throws SnapshotException, IOException {
        SqliteFileHeader header = SqliteFileHeader.read(database);
        Path copy = Files.createTempFile(temporaryDirectory, TEMPORARY_PREFIX, ".db");
        boolean done = false;
        try {
            vacuumInto(database, copy, header);
            checkIntegrity(copy);
            Snapshot snapshot = new Snapshot(copy, Files.size(copy), sha256(copy));
            done = true;
            return snapshot;
        } finally {
            if (!done) {
                Files.deleteIfExists(copy);
            }
        }
    }

    private void vacuumInto(Path database, Path copy, SqliteFileHeader header) throws SnapshotException {
        SQLiteConfig config = ReadOnlySqlite.config(true);
        config.setBusyTimeout((int) Math.min(Integer.MAX_VALUE, busyTimeout.toMillis()));
        // A Statement that ran a query must be closed before VACUUM INTO ("SQL statements in progress"),
        // so this connection runs nothing else.
        try (Connection connection = config.createConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement()) {
            statement.execute("VACUUM INTO '" + copy.toString().replace("'", "''") + "'");
        } catch (SQLException e) {
            throw new SnapshotException(explain(database, header, e), e);
        }
    }

    /** SQLite's own words, plus what the header says when the file is shorter than it should be. */
    private static String explain(Path database, SqliteFileHeader header, SQLException e) {
        String reason = Messages.oneLine(e.getMessage());
        try {
            long actual = Files.size(database);
            Long declared = header.declaredSize().orElse(0L);
            if (declared > actual) {
                return "truncated: header declares " + declared + " bytes but the file has " + actual + " (" + reason + ")";
            }
        } catch (IOException ignored) {
            // the database went away; SQLite's reason stands
        }
        return reason;
    }

    /** A corrupt source must not become a trusted backup. */
    private static void checkIntegrity(Path copy) throws SnapshotException {
        Optional<String> problems = IntegrityCheck.QUICK.problems(copy);
        if (problems.isPresent()) {
            throw new SnapshotException("snapshot failed " + problems.get());
        }
    }

    static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
