package io.litefleet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteConnection;

/**
 * The ways to copy a live database into a temporary file, timed against each other in one run, on a
 * WAL database of about 1 MB and 10 MB, idle and under a steady writer. Under the writer every copy
 * is also checked: {@code quick_check} ok and the writer's invariant (two balances whose sum never
 * changes, moved in one transaction with a log row). Only the copy is timed; {@code quick_check}
 * and the sha256 cost the same whatever made the copy.
 */
final class SnapshotMethodsBenchmark {

    /** Rows of the invariant: the two balances always sum to this. */
    private static final long TOTAL = 1_000_000;
    private static final int BUSY_MILLIS = 5_000;

    private SnapshotMethodsBenchmark() {
    }

    interface CopyMethod {
        void copy(Path database, Path copy) throws Exception;
    }

    /** Median copy time in ms per method, and how many copies under a writer broke the invariant or failed. */
    record Result(int megabytes, boolean writer, Map<String, Double> medianMillis, Map<String, String> verdicts, long writerCommits) {
    }

    static Map<String, CopyMethod> methods() {
        Map<String, CopyMethod> methods = new LinkedHashMap<>();
        methods.put("VACUUM INTO, output synchronous default", (db, copy) -> vacuumInto(db, copy, false));
        methods.put("VACUUM INTO, output synchronous=OFF", (db, copy) -> vacuumInto(db, copy, true));
        methods.put("backup API one step, from the source connection", SnapshotMethodsBenchmark::backupFromSource);
        methods.put("backup API one step, into the output connection (synchronous, journal OFF)",
                SnapshotMethodsBenchmark::backupIntoOutput);
        methods.put("plain file copy (inconsistent under writes, a floor)", (db, copy) -> {
            Files.delete(copy);
            Files.copy(db, copy);
        });
        return methods;
    }

    static List<Result> run(Path work, int rounds) throws Exception {
        List<Result> results = new ArrayList<>();
        for (int megabytes : new int[] { 1, 10 }) {
            Path db = createLedger(Measure.fresh(work.resolve("snapshot-methods")).resolve("ledger.db"), megabytes);
            for (boolean writer : new boolean[] { false, true }) {
                results.add(measure(db, megabytes, writer, rounds));
            }
        }
        return results;
    }

    private static Result measure(Path db, int megabytes, boolean withWriter, int rounds) throws Exception {
        Map<String, CopyMethod> methods = methods();
        Map<String, List<Double>> times = new LinkedHashMap<>();
        Map<String, Integer> bad = new LinkedHashMap<>();
        Map<String, Integer> failed = new LinkedHashMap<>();
        methods.keySet().forEach(m -> {
            times.put(m, new ArrayList<>());
            bad.put(m, 0);
            failed.put(m, 0);
        });
        AtomicBoolean writing = new AtomicBoolean(withWriter);
        AtomicLong commits = new AtomicLong();
        Thread writer = new Thread(() -> write(db, writing, commits), "writer");
        if (withWriter) {
            writer.start();
            Thread.sleep(200);
        }
        Path copy = db.resolveSibling("copy.db");
        try {
            for (int round = 0; round < rounds; round++) {
                for (Map.Entry<String, CopyMethod> method : methods.entrySet()) {
                    Files.deleteIfExists(copy);
                    Files.createFile(copy);
                    try {
                        double ms = Measure.time(() -> method.getValue().copy(db, copy));
                        if (round > 0) { // the first round warms up
                            times.get(method.getKey()).add(ms);
                        }
                        if (withWriter && !method.getKey().startsWith("plain") && !consistent(copy)) {
                            bad.merge(method.getKey(), 1, Integer::sum);
                        }
                    } catch (SQLException e) {
                        failed.merge(method.getKey(), 1, Integer::sum);
                    }
                }
            }
        } finally {
            writing.set(false);
            writer.join();
            Files.deleteIfExists(copy);
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        Map<String, String> verdicts = new LinkedHashMap<>();
        for (String method : methods.keySet()) {
            medians.put(method, times.get(method).isEmpty() ? Double.NaN : Measure.median(times.get(method)));
            verdicts.put(method, withWriter && !method.startsWith("plain")
                    ? bad.get(method) + " inconsistent, " + failed.get(method) + " failed of " + rounds
                    : failed.get(method) + " failed of " + rounds);
        }
        return new Result(megabytes, withWriter, medians, verdicts, commits.get());
    }

    private static Path createLedger(Path db, int megabytes) throws SQLException {
        try (Connection c = open(db, false); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=WAL");
            s.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)");
            s.execute("CREATE TABLE log (id INTEGER PRIMARY KEY, amount INTEGER, pad BLOB)");
            s.execute("CREATE INDEX log_amount ON log (amount)");
            s.execute("INSERT INTO accounts VALUES (1, " + TOTAL + "), (2, 0)");
            // about 1 KB per log row with its index entry
            s.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < " + megabytes * 900
                    + ") INSERT INTO log (amount, pad) SELECT i % 97, randomblob(900) FROM n");
            s.execute("PRAGMA wal_checkpoint(TRUNCATE)");
        }
        return db;
    }

    /** Moves an amount between the two accounts and logs it, in one transaction, about every millisecond. */
    private static void write(Path db, AtomicBoolean writing, AtomicLong commits) {
        try (Connection c = open(db, false);
             PreparedStatement debit = c.prepareStatement("UPDATE accounts SET balance = balance - ? WHERE id = 1");
             PreparedStatement credit = c.prepareStatement("UPDATE accounts SET balance = balance + ? WHERE id = 2");
             PreparedStatement log = c.prepareStatement("INSERT INTO log (amount, pad) VALUES (?, randomblob(200))")) {
            c.setAutoCommit(false);
            long n = 0;
            while (writing.get()) {
                long amount = 1 + n++ % 97;
                for (PreparedStatement s : List.of(debit, credit, log)) {
                    s.setLong(1, amount);
                    s.executeUpdate();
                }
                c.commit();
                commits.incrementAndGet();
                Thread.sleep(1);
            }
        } catch (Exception e) {
            throw new IllegalStateException("writer failed", e);
        }
    }

    private static boolean consistent(Path copy) throws SQLException {
        try (Connection c = open(copy, true); Statement s = c.createStatement()) {
            try (ResultSet r = s.executeQuery("PRAGMA quick_check")) {
                if (!r.next() || !"ok".equals(r.getString(1))) {
                    return false;
                }
            }
            try (ResultSet r = s.executeQuery("SELECT sum(balance), count(*) FROM accounts")) {
                return r.next() && r.getLong(1) == TOTAL && r.getLong(2) == 2;
            }
        }
    }

    private static Connection open(Path db, boolean readOnly) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(readOnly);
        config.setBusyTimeout(BUSY_MILLIS);
        config.setCacheSize(-256);
        return config.createConnection("jdbc:sqlite:" + db);
    }

    private static void vacuumInto(Path db, Path copy, boolean synchronousOff) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_MILLIS);
        config.setCacheSize(-256);
        if (synchronousOff) {
            // VACUUM INTO gives its output the source connection's synchronous setting
            config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        }
        try (Connection c = config.createConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
            s.execute("VACUUM INTO '" + copy + "'");
        }
    }

    /** sqlite-jdbc opens the output itself, with SQLite's defaults (synchronous FULL, a rollback journal). */
    private static void backupFromSource(Path db, Path copy) throws SQLException {
        try (Connection c = open(db, true)) {
            int rc = ((SQLiteConnection) c).getDatabase().backup("main", copy.toString(), null, 10, BUSY_MILLIS / 10, -1);
            if (rc != 0) {
                throw new SQLException("backup: SQLite result " + rc);
            }
        }
    }

    /** The output is this connection (synchronous and journal OFF); sqlite-jdbc opens the source read-only. */
    private static void backupIntoOutput(Path db, Path copy) throws SQLException {
        SQLiteConfig config = new SQLiteConfig();
        config.setCacheSize(-256);
        config.setSynchronous(SQLiteConfig.SynchronousMode.OFF);
        config.setJournalMode(SQLiteConfig.JournalMode.OFF);
        try (Connection c = config.createConnection("jdbc:sqlite:" + copy)) {
            int rc = ((SQLiteConnection) c).getDatabase().restore("main", db.toString(), null, 10, BUSY_MILLIS / 10, -1);
            if (rc != 0) {
                throw new SQLException("restore: SQLite result " + rc);
            }
        }
    }

    /**
     * Peak RSS of this process while {@code copies} threads copy one database at once with one method:
     * the native memory of the page caches SQLite keeps per connection.
     */
    static long peakRssKbOfConcurrentCopies(Path work, int megabytes, String method, int copies) throws Exception {
        Path directory = Measure.fresh(work.resolve("snapshot-methods-rss"));
        Path db = createLedger(directory.resolve("ledger.db"), megabytes);
        CopyMethod copy = methods().get(method);
        java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(copies);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < copies; i++) {
            Path out = Files.createFile(directory.resolve("copy-" + i + ".db"));
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    copy.copy(db, out);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IllegalStateException("no VmHWM in /proc/self/status");
    }

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "/tmp/litefleet-bench");
        if (args.length > 2) {
            System.out.println(peakRssKbOfConcurrentCopies(work, 10, args[2], Integer.parseInt(args[1])) / 1024 + " MB peak RSS: " + args[2]);
            return;
        }
        System.out.println(MachineInfo.describe(work));
        for (Result r : run(work, args.length > 1 ? Integer.parseInt(args[1]) : 21)) {
            System.out.printf("%n%d MB WAL database, %s%n", r.megabytes(), r.writer() ? "writer committing about every ms (" + r.writerCommits() + " commits)" : "idle");
            r.medianMillis().forEach((m, ms) -> System.out.printf(java.util.Locale.ROOT, "  %7.2f ms  %s  [%s]%n", ms, m, r.verdicts().get(m)));
        }
    }
}
