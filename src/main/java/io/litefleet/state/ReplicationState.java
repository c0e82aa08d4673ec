package io.litefleet.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import io.litefleet.model.Fingerprint;
import io.litefleet.model.Messages;
import io.litefleet.model.StoredSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What has been replicated, kept across restarts in an SQLite database in the state directory:
 * per database the fingerprint of its last stored snapshot (the scanner's "unchanged" test) and that
 * snapshot's sha256, key and time; per prefix the snapshot keys still retained, so pruning
 * never needs to LIST the bucket.
 * <p>
 * Written only after an upload succeeded, one transaction per upload: after a crash, exactly the
 * uploads that were not recorded happen again. A write that fails stops the uploads (see
 * {@link StateHealth}) until the probe at the start of a cycle succeeds. The fingerprints are also
 * held in memory, since the scanner consults them for every database every cycle; everything else
 * is read on demand.
 * <p>
 * A member of a cluster opens it when elected and closes it when it stops leading (see
 * {@code io.litefleet.cluster.Leadership}); while closed it records nothing and knows no fingerprint.
 */
public final class ReplicationState implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationState.class);
    static final String FILE_NAME = "state.db";
    /** The columns of the tenant table that hold a {@link Fingerprint}, in the order of its components. */
    private static final String FINGERPRINT_COLUMNS = "size, mtime, ino, ctime, wal_size, wal_mtime, wal_ino";
    private static final int FINGERPRINT_WIDTH = 7;
    /**
     * What makes a tenant's row stored once more by the next cycle: no fingerprint (the database
     * counts as changed) and a sha256 no snapshot has (its content counts as not stored).
     */
    private static final String STORE_AGAIN = "sha256 = '', " + FINGERPRINT_COLUMNS.replace(",", " = NULL,") + " = NULL";
    /** The form of objects that are not encrypted: LZ4 frames. */
    public static final String PLAIN_OBJECTS = "LZ4 frames";

    private final Path directory;
    private final String target;
    private final String objectForm;
    private final Path file;
    /** Held while open: the directory's lock; null while closed. */
    private StateLock lock;
    /** Writes, under this object's monitor; null while closed. */
    private Connection connection;
    /**
     * Reads, under the {@link #reading} monitor: in WAL mode a reader sees every committed write and
     * need not wait for one in progress, so the upload threads' reads do not queue behind their writes.
     */
    private Connection reader;
    private final Object reading = new Object();
    /** Whether uploads may start: open, and not about to close (see {@link #fence()}). */
    private volatile boolean accepting;
    private final FingerprintTable replicated = new FingerprintTable();
    /** Databases an operator asked to upload again, changed or not (see {@link #resync}). */
    private final Set<Path> forced = ConcurrentHashMap.newKeySet();
    private final StateHealth health;
    /** This state's identity on the target (see {@link #id()}); set when it opens, null before. */
    private volatile String id;

    private ReplicationState(Path directory, String target, String objectForm) {
        this.directory = directory;
        this.target = target;
        this.objectForm = objectForm;
        this.file = directory.resolve(FILE_NAME);
        this.health = new StateHealth(file);
    }

    /** A snapshot this state knows of. */

    /**
     * A database's record: its last stored snapshot, the fingerprint it covers (if settled), and
     * when a restore drill last checked it (if one did).
     */
    public record TenantRecord(Path path, Optional<Fingerprint> fingerprint, String sha256, String lastKey, Instant lastTime,
            Optional<Instant> verifiedAt) {
    }

    /**
     * Opens the state in {@code directory}, for the target described by {@code target}. Missing, it
     * starts empty; corrupt, it is moved aside and rebuilt; recorded for another target (bucket,
     * endpoint, directory or path template changed), it is emptied. Either way every database is
     * uploaded once more, which loses nothing.
     *
     * @throws IOException when another replicator holds the directory, or it cannot be used
     */
    public static ReplicationState open(Path directory, String target) throws IOException {
        return open(directory, target, PLAIN_OBJECTS);
    }

    /**
     * @param objectForm how objects are made ({@link #PLAIN_OBJECTS}, or encrypted to which
     *                   recipients); when it differs from the recorded one, every database is
     *                   uploaded once more in the new form, its older snapshots kept for retention
     */
    public static ReplicationState open(Path directory, String target, String objectForm) throws IOException {
        ReplicationState state = closed(directory, target, objectForm);
        state.open();
        return state;
    }

    /**
     * The state in {@code directory}, not opened yet: a standby of a cluster holds it so, as the
     * leader may be writing it (see {@link #open()}). Nothing is read or locked until it opens.
     */
    public static ReplicationState closed(Path directory, String target, String objectForm) {
        return new ReplicationState(directory, target, objectForm);
    }

    /**
     * Opens the state as {@link #open(Path, String, String)} describes; nothing when it is open.
     * Opened again after {@link #close()}, it reads everything afresh: another replicator may have
     * recorded uploads meanwhile.
     *
     * @throws IOException when another replicator holds the directory, or it cannot be used
     */
    public void open() throws IOException {
        synchronized (this) {
            synchronized (reading) {
                if (lock != null) {
                    return;
                }
                Files.createDirectories(directory);
                StateLock acquired = StateLock.acquire(directory);
                try {
                    connectAndLoad();
                } catch (IOException | RuntimeException e) {
                    acquired.close();
                    throw e;
                }
                lock = acquired;
                accepting = true;
            }
        }
    }

    private void connectAndLoad() throws IOException {
        if (Files.notExists(file)) {
            LOG.info("No replication state at {} yet: every database will be uploaded once", file);
        } else {
            Optional<String> problem = check(file);
            if (problem.isPresent()) {
                Path aside = directory.resolve(FILE_NAME + ".unreadable-" + System.currentTimeMillis());
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                Files.deleteIfExists(directory.resolve(FILE_NAME + "-wal"));
                Files.deleteIfExists(directory.resolve(FILE_NAME + "-shm"));
                LOG.warn("Replication state {} is unreadable ({}); moved to {} and rebuilt: every database will be uploaded once",
                        file, problem.get(), aside.getFileName());
            }
        }
        try {
            connection = connect(file);
            reader = connect(file);
            createSchema();
            bindTo(target);
            bindToObjectForm(objectForm);
            id = loadOrCreateId();
            loadFingerprints();
        } catch (SQLException e) {
            closeQuietly(reader);
            closeQuietly(connection);
            reader = null;
            connection = null;
            replicated.clear();
            throw new IOException("cannot open replication state " + file + ": " + Messages.oneLine(e.getMessage()), e);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                LOG.debug("Closing a connection of a state that failed to open: {}", e.getMessage());
            }
        }
    }

    /** What is wrong with the file's content, if anything; an I/O or locking problem is thrown, not rebuilt over. */
    private static Optional<String> check(Path file) throws IOException {
        try (Connection c = connect(file); Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA quick_check")) {
            String verdict = r.next() ? r.getString(1) : "no answer";
            if (!"ok".equals(verdict)) {
                return Optional.of(verdict);
            }
            try (ResultSet tables = s.executeQuery("SELECT count(*) FROM sqlite_master WHERE name IN ('tenant', 'snapshot', 'meta')")) {
                return tables.next() && tables.getInt(1) == 3 ? Optional.empty() : Optional.of("not a LiteFleet state database");
            }
        } catch (SQLiteException e) {
            SQLiteErrorCode code = e.getResultCode();
            if (code == SQLiteErrorCode.SQLITE_CORRUPT || code == SQLiteErrorCode.SQLITE_NOTADB) {
                return Optional.of(Messages.oneLine(e.getMessage()));
            }
            throw new IOException("cannot read replication state " + file + ": " + Messages.oneLine(e.getMessage()), e);
        } catch (SQLException e) {
            throw new IOException("cannot read replication state " + file + ": " + Messages.oneLine(e.getMessage()), e);
        }
    }

    /** The target a state file was recorded for, read without opening it as a state (see {@link ReplicationStates}). */
    static Optional<String> recordedTarget(Path file) throws IOException {
        try (Connection c = connect(file); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT value FROM meta WHERE name = 'target'")) {
            return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
        } catch (SQLException e) {
            return Optional.empty(); // unreadable: whichever target takes it rebuilds it
        }
    }

    /** The state is only valid for the target it was recorded for. */
    private void bindTo(String target) throws SQLException {
        Optional<String> recorded = Optional.empty();
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT value FROM meta WHERE name = 'target'")) {
            if (r.next()) {
                recorded = Optional.of(r.getString(1));
            }
        }
        if (recorded.isPresent() && recorded.get().equals(target)) {
            return;
        }
        try (Statement s = connection.createStatement()) {
            if (recorded.isPresent()) {
                LOG.warn("Replication state {} was recorded for {}, the target is now {}: emptied, every database will be uploaded once",
                        file, recorded.get(), target);
                s.execute("DELETE FROM tenant");
                s.execute("DELETE FROM snapshot");
            }
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT OR REPLACE INTO meta (name, value) VALUES ('target', ?)")) {
            upsert.setString(1, target);
            upsert.executeUpdate();
        }
    }

    /**
     * A change of form (encryption switched on or off, recipients changed) makes every database
     * it knows count as changed, and as not stored yet: otherwise a tenant that does not change
     * would keep its newest snapshot in the old form for ever (retention always keeps the newest),
     * readable without encryption or only by a retired identity. Its snapshots stay recorded, so
     * retention removes them as the new ones replace them. A state from before forms were recorded
     * holds plain objects.
     */
    private void bindToObjectForm(String form) throws SQLException {
        String recorded = PLAIN_OBJECTS;
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT value FROM meta WHERE name = 'object-form'")) {
            if (r.next()) {
                recorded = r.getString(1);
            }
        }
        if (!recorded.equals(form)) {
            try (Statement s = connection.createStatement()) {
                int tenants = s.executeUpdate("UPDATE tenant SET " + STORE_AGAIN);
                if (tenants > 0) {
                    LOG.warn("Objects were {} and are now {}: each of the {} databases is stored once more; "
                            + "their older snapshots stay until retention removes them", recorded, form, tenants);
                }
            }
        }
        try (PreparedStatement upsert = connection.prepareStatement("INSERT OR REPLACE INTO meta (name, value) VALUES ('object-form', ?)")) {
            upsert.setString(1, form);
            upsert.executeUpdate();
        }
    }

    /** A random id, made once per state: a rebuilt or deleted state is a new replicator to the target. */
    private String loadOrCreateId() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet r = s.executeQuery("SELECT value FROM meta WHERE name = 'id'")) {
            if (r.next()) {
                return r.getString(1);
            }
        }
        String created = UUID.randomUUID().toString();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO meta (name, value) VALUES ('id', ?)")) {
            insert.setString(1, created);
            insert.executeUpdate();
        }
        return created;
    }

    /** The id of this state, which the owner marker on the target names (see {@code TargetOwner}). */
    public String id() {
        return id;
    }

    private static Connection connect(Path file) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // NORMAL in WAL mode: a killed process loses nothing; a power cut may lose the last
        // records, whose databases are then uploaded again.
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(10_000);
        return config.createConnection("jdbc:sqlite:" + file);
    }

    private void createSchema() throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.execute("""
                    CREATE TABLE IF NOT EXISTS tenant (
                      path TEXT PRIMARY KEY,
                      prefix TEXT NOT NULL,
                      size INTEGER, mtime INTEGER, wal_size INTEGER, wal_mtime INTEGER,
                      sha256 TEXT NOT NULL,
                      last_key TEXT NOT NULL,
                      last_time INTEGER NOT NULL,
                      ino INTEGER, ctime INTEGER, wal_ino INTEGER,
                      verified_at INTEGER
                    ) WITHOUT ROWID""");
            addInodeColumns(s);
            addVerifiedColumn(s);
            s.execute("CREATE INDEX IF NOT EXISTS tenant_prefix ON tenant (prefix)");
            s.execute("CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID");
            s.execute("""
                    CREATE TABLE IF NOT EXISTS snapshot (
                      prefix TEXT NOT NULL,
                      key TEXT NOT NULL,
                      taken_at INTEGER NOT NULL,
                      PRIMARY KEY (prefix, key)
                    ) WITHOUT ROWID""");
        }
    }

    /**
     * A state written before the fingerprint held inodes and the ctime gets their columns, empty.
     * Read as 0, they make each database it knows count as changed once: one snapshot each, whose
     * sha256 equals the stored one, so nothing is uploaded (no PUT) and the full fingerprint is recorded.
     */
    private static void addInodeColumns(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT count(*) FROM pragma_table_info('tenant') WHERE name = 'ino'")) {
            if (r.next() && r.getInt(1) == 1) {
                return;
            }
        }
        for (String column : List.of("ino", "ctime", "wal_ino")) {
            s.execute("ALTER TABLE tenant ADD COLUMN " + column + " INTEGER");
        }
    }

    /**
     * A state written before restore drills gets their column, empty: every tenant counts as never
     * verified, so the drills start with them (see verify.camel.yaml).
     */
    private static void addVerifiedColumn(Statement s) throws SQLException {
        try (ResultSet r = s.executeQuery("SELECT count(*) FROM pragma_table_info('tenant') WHERE name = 'verified_at'")) {
            if (r.next() && r.getInt(1) == 0) {
                s.execute("ALTER TABLE tenant ADD COLUMN verified_at INTEGER");
            }
        }
    }

    private void loadFingerprints() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet r = s.executeQuery("SELECT path, " + FINGERPRINT_COLUMNS + " FROM tenant WHERE size IS NOT NULL")) {
            while (r.next()) {
                replicated.put(Path.of(r.getString(1)), fingerprintAt(r, 2));
            }
        }
        if (replicated.size() > 0) {
            LOG.info("Replication state {}: {} databases already replicated", file, replicated.size());
        }
    }

    /**
     * The scanner's test: unchanged since its last stored snapshot. Also tells the state that the
     * database still exists (see {@link #endScan}).
     */
    public boolean isReplicated(Path directory, String name, Fingerprint current) {
        return replicated.matchesAndMarkSeen(directory, name, current);
    }

    /** Tells the state that a database still exists, though the scan could not judge it. */
    public void stillPresent(Path directory, String name) {
        replicated.markSeen(directory, name);
    }

    /** The databases an operator asked to upload again (see {@link #resync}) that are not uploaded yet. */
    public Set<Path> forcedDatabases() {
        return Set.copyOf(forced);
    }

    /** How many databases are replicated with a known fingerprint. */
    public int replicatedCount() {
        return replicated.size();
    }

    /**
     * Records a stored snapshot. {@code fingerprint} is empty when it is not settled (see
     * {@link Fingerprint#isSettled}): the snapshot is recorded, the database stays changed.
     */
    public synchronized void recordUpload(Path database, String prefix, Optional<Fingerprint> fingerprint, String sha256,
            String key, Instant takenAt) throws SQLException {
        write(() -> {
            upsertTenant(database, prefix, fingerprint, sha256, key, takenAt);
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT OR REPLACE INTO snapshot (prefix, key, taken_at) VALUES (?, ?, ?)")) {
                insert.setString(1, prefix);
                insert.setString(2, key);
                insert.setLong(3, takenAt.toEpochMilli());
                insert.executeUpdate();
            }
        });
        forced.remove(database);
        remember(database, fingerprint);
    }

    /** Records that a new snapshot equals the stored one: nothing uploaded, the fingerprint advances. */
    public synchronized void recordIdentical(Path database, Optional<Fingerprint> fingerprint) throws SQLException {
        if (fingerprint.isEmpty()) {
            return;
        }
        int[] updated = new int[1];
        write(() -> {
            // an empty sha256 came after this snapshot's was compared (a restore drill's mark, a change
            // of object form): the tenant is still to be stored, so its fingerprint stays unknown
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE tenant SET (" + FINGERPRINT_COLUMNS + ") = (?, ?, ?, ?, ?, ?, ?) WHERE path = ? AND sha256 <> ''")) {
                bindFingerprint(update, 1, fingerprint);
                update.setString(FINGERPRINT_WIDTH + 1, database.toString());
                updated[0] = update.executeUpdate();
            }
        });
        if (updated[0] > 0 && !forced.contains(database)) {
            // a resync that came after this snapshot's sha256 was compared still wants its upload
            remember(database, fingerprint);
        }
    }

    /** The record of the database whose snapshots go under {@code prefix}. */
    public Optional<TenantRecord> tenant(String prefix) throws SQLException {
        synchronized (reading) {
            try (PreparedStatement query = reader().prepareStatement(
                    "SELECT sha256, last_key, last_time, path, " + FINGERPRINT_COLUMNS + ", verified_at FROM tenant WHERE prefix = ?")) {
                query.setString(1, prefix);
                try (ResultSet r = query.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    long verified = r.getLong(5 + FINGERPRINT_WIDTH);
                    Optional<Instant> verifiedAt = r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(verified));
                    r.getLong(5);
                    Optional<Fingerprint> fingerprint = r.wasNull() ? Optional.empty() : Optional.of(fingerprintAt(r, 5));
                    return Optional.of(new TenantRecord(Path.of(r.getString(4)), fingerprint, r.getString(1), r.getString(2),
                            Instant.ofEpochMilli(r.getLong(3)), verifiedAt));
                }
            }
        }
    }

    /**
     * Makes the next cycle upload the database whose snapshots go under {@code prefix}, even when
     * it did not change and its content is already stored.
     *
     * @return false when no database is recorded under that prefix
     */
    public synchronized boolean resync(String prefix) throws SQLException {
        Optional<TenantRecord> record = tenant(prefix);
        record.ifPresent(r -> {
            forced.add(r.path());
            replicated.remove(r.path());
        });
        return record.isPresent();
    }

    /**
     * A restore drill found the database's newest stored snapshot, {@code key}, damaged: the next
     * cycle stores a fresh one even if the database did not change (self-healing). Persisted like a
     * change of object form (no fingerprint, a sha256 no snapshot has), so a restart does not forget it.
     *
     * @return false when {@code key} is no longer its newest snapshot: a newer one was stored meanwhile
     */
    public synchronized boolean markDamaged(Path database, String key) throws SQLException {
        int[] marked = new int[1];
        write(() -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE tenant SET " + STORE_AGAIN
                    + " WHERE path = ? AND last_key = ?")) {
                update.setString(1, database.toString());
                update.setString(2, key);
                marked[0] = update.executeUpdate();
            }
        });
        if (marked[0] == 0) {
            return false;
        }
        replicated.remove(database);
        return true;
    }

    /** The SQLite file of this state, for the routes that read it through camel-jdbc (verify.camel.yaml). */
    public Path file() {
        return file;
    }

    /** The sha256 of the database's last stored snapshot; empty when it must be uploaded regardless. */
    public Optional<String> lastSha256(Path database) throws SQLException {
        if (forced.contains(database)) {
            return Optional.empty();
        }
        synchronized (reading) {
            try (PreparedStatement query = reader().prepareStatement("SELECT sha256 FROM tenant WHERE path = ?")) {
                query.setString(1, database.toString());
                try (ResultSet r = query.executeQuery()) {
                    return r.next() ? Optional.of(r.getString(1)) : Optional.empty();
                }
            }
        }
    }

    /**
     * The time of the newest snapshot recorded under {@code prefix}, retained or last stored; empty
     * before the first.
     */
    public Optional<Instant> newestSnapshotTime(String prefix) throws SQLException {
        synchronized (reading) {
            try (PreparedStatement query = reader().prepareStatement("SELECT max(t) FROM ("
                    + "SELECT max(taken_at) AS t FROM snapshot WHERE prefix = ? UNION ALL SELECT last_time FROM tenant WHERE prefix = ?)")) {
                query.setString(1, prefix);
                query.setString(2, prefix);
                try (ResultSet r = query.executeQuery()) {
                    long newest = r.next() ? r.getLong(1) : 0;
                    return r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(newest));
                }
            }
        }
    }

    /** The snapshots of a prefix still retained, oldest first. */
    public List<StoredSnapshot> snapshots(String prefix) throws SQLException {
        synchronized (reading) {
            try (PreparedStatement query = reader().prepareStatement(
                    "SELECT key, taken_at FROM snapshot WHERE prefix = ? ORDER BY taken_at, key")) {
                query.setString(1, prefix);
                List<StoredSnapshot> snapshots = new ArrayList<>();
                try (ResultSet r = query.executeQuery()) {
                    while (r.next()) {
                        snapshots.add(new StoredSnapshot(r.getString(1), prefix, Instant.ofEpochMilli(r.getLong(2)), OptionalLong.empty()));
                    }
                }
                return snapshots;
            }
        }
    }

    /** Forgets snapshots that were deleted from the target. */
    public synchronized void forgetSnapshots(String prefix, List<String> keys) throws SQLException {
        write(() -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM snapshot WHERE prefix = ? AND key = ?")) {
                for (String key : keys) {
                    delete.setString(1, prefix);
                    delete.setString(2, key);
                    delete.addBatch();
                }
                delete.executeBatch();
            }
        });
    }

    /** The connection for reads, under the {@link #reading} monitor. */
    private Connection reader() throws SQLException {
        if (reader == null) {
            throw new SQLException("replication state " + file + " is closed");
        }
        return reader;
    }

    private interface SqlWork {
        void run() throws SQLException;
    }

    /**
     * All of {@code work} or none of it. Callers hold this object's monitor, so the connection is
     * theirs. The transaction is explicit SQL, not the driver's auto-commit switch, which runs a
     * hidden COMMIT of its own. A failure is SQLite's original error (a failed rollback after it is
     * attached, never in its place), reported to {@link #health()}.
     */
    private void write(SqlWork work) throws StateWriteException {
        if (connection == null) {
            // an upload that was still running when the state closed (see fence): not recorded, so stored again
            throw StateWriteException.closed(file);
        }
        try (Statement transaction = connection.createStatement()) {
            transaction.execute("BEGIN IMMEDIATE");
            try {
                work.run();
                transaction.execute("COMMIT");
            } catch (SQLException e) {
                try {
                    // SQLite may have rolled back already (SQLITE_FULL does): then this fails too
                    transaction.execute("ROLLBACK");
                } catch (SQLException rollback) {
                    e.addSuppressed(rollback);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw health.failed(e);
        }
    }

    /**
     * A small write at the start of each cycle: a disk that filled since the last cycle stops the
     * uploads before any starts, and while the state cannot record, the probe that succeeds again
     * lets them resume. Larger than one upload's record, so that a probe that fits says a record
     * fits too.
     */
    public synchronized void probe() {
        try {
            write(() -> {
                try (Statement s = connection.createStatement()) {
                    s.execute("INSERT OR REPLACE INTO meta (name, value) VALUES ('probe', hex(randomblob(8192)))");
                }
            });
            health.probed();
        } catch (StateWriteException e) {
            LOG.debug("Replication state still cannot record: {}", e.getMessage());
        }
    }

    /** Whether the state can record, and why not. */
    public StateHealth health() {
        return health;
    }

    /**
     * Ends a scan. The databases of the directories it {@code swept} (listed completely) that it
     * did not find stop being tracked; their retained snapshots stay known, so a database that
     * comes back under the same prefix keeps its history.
     */
    public synchronized void endScan(Predicate<Path> swept) throws SQLException {
        List<Path> gone = replicated.endScan(swept);
        if (gone.isEmpty()) {
            return;
        }
        write(() -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM tenant WHERE path = ?")) {
                for (Path path : gone) {
                    delete.setString(1, path.toString());
                    delete.addBatch();
                }
                delete.executeBatch();
            }
        });
    }

    /** An upsert, not a REPLACE: the row's {@code verified_at} (when a drill last checked the tenant) stays. */
    private void upsertTenant(Path database, String prefix, Optional<Fingerprint> fingerprint, String sha256, String key,
            Instant takenAt) throws SQLException {
        String columns = "sha256, last_key, last_time, prefix, " + FINGERPRINT_COLUMNS;
        try (PreparedStatement upsert = connection.prepareStatement("""
                INSERT INTO tenant (path, %s) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (path) DO UPDATE SET (%s) = (%s)""".formatted(columns, columns,
                Arrays.stream(columns.split(", ")).map(c -> "excluded." + c).collect(Collectors.joining(", "))))) {
            upsert.setString(1, database.toString());
            upsert.setString(2, sha256);
            upsert.setString(3, key);
            upsert.setLong(4, takenAt.toEpochMilli());
            upsert.setString(5, prefix);
            bindFingerprint(upsert, 6, fingerprint);
            upsert.executeUpdate();
        }
    }

    /** Sets the {@link #FINGERPRINT_COLUMNS} from parameter {@code first} on: all NULL when empty. */
    private static void bindFingerprint(PreparedStatement statement, int first, Optional<Fingerprint> fingerprint) throws SQLException {
        if (fingerprint.isEmpty()) {
            for (int i = 0; i < FINGERPRINT_WIDTH; i++) {
                statement.setNull(first + i, Types.INTEGER);
            }
            return;
        }
        Fingerprint f = fingerprint.get();
        long[] values = {f.size(), f.modifiedNanos(), f.inode(), f.statusChangedNanos(), f.walSize(), f.walModifiedNanos(), f.walInode()};
        for (int i = 0; i < FINGERPRINT_WIDTH; i++) {
            statement.setLong(first + i, values[i]);
        }
    }

    /** The fingerprint in the {@link #FINGERPRINT_COLUMNS} from column {@code first} on (NULL reads as 0). */
    private static Fingerprint fingerprintAt(ResultSet r, int first) throws SQLException {
        return new Fingerprint(r.getLong(first), r.getLong(first + 1), r.getLong(first + 2), r.getLong(first + 3),
                r.getLong(first + 4), r.getLong(first + 5), r.getLong(first + 6));
    }

    private void remember(Path database, Optional<Fingerprint> fingerprint) {
        fingerprint.ifPresentOrElse(f -> replicated.put(database, f), () -> replicated.remove(database));
    }

    /** Whether uploads may start: the state is open and not about to close. */
    public boolean acceptsUploads() {
        return accepting;
    }

    /**
     * No upload may start from now on (see {@link #acceptsUploads()}), while those in flight still
     * record: what a replicator that lost its leadership does before it closes the state.
     */
    public void fence() {
        accepting = false;
    }

    /** Closes the state; it may be {@link #open() opened} again. Nothing when it is closed. */
    @Override
    public synchronized void close() throws SQLException, IOException {
        synchronized (reading) {
            if (lock == null) {
                return;
            }
            accepting = false;
            try {
                reader.close();
            } finally {
                try {
                    connection.close();
                } finally {
                    lock.close();
                    reader = null;
                    connection = null;
                    lock = null;
                    replicated.clear();
                    forced.clear();
                }
            }
        }
    }
}
