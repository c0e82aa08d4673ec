package io.litefleet.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import io.litefleet.testing.Sqlite;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-step online backup, on its own (no VACUUM INTO behind it), copies a committed state while
 * a writer keeps committing: every copy passes integrity_check and keeps the writer's invariant
 * (account 2 holds exactly the sum of the logged transfers, account 1 the rest).
 */
class OnlineBackupTest {

    private static final long TOTAL = 1_000_000;
    private static final int COPIES = 20;

    @TempDir
    Path work;

    @ParameterizedTest
    @ValueSource(strings = { "WAL", "DELETE" })
    void everyCopyTakenUnderASteadyWriterIsACommittedState(String journalMode) throws Exception {
        Path db = work.resolve("ledger.db");
        Sqlite.execute(db, "PRAGMA journal_mode=" + journalMode,
                "CREATE TABLE accounts (id INTEGER PRIMARY KEY, balance INTEGER NOT NULL)",
                "CREATE TABLE log (id INTEGER PRIMARY KEY, amount INTEGER NOT NULL, pad BLOB)",
                "INSERT INTO accounts VALUES (1, " + TOTAL + "), (2, 0)",
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
                        + "INSERT INTO log (amount, pad) SELECT 0, randomblob(900) FROM n");
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService executor = Executors.newSingleThreadExecutor();
        Future<Long> commits = executor.submit(() -> transferUntilStopped(db, writing));
        try {
            for (int i = 0; i < COPIES; i++) {
                Path copy = Files.createFile(work.resolve("copy-" + i + ".db"));

                OnlineBackup.copy(db, copy, Duration.ofSeconds(30));

                assertEquals("ok", Sqlite.integrityCheck(copy), copy.toString());
                assertEquals(List.of(TOTAL + "|2"), Sqlite.rows(copy, "SELECT sum(balance), count(*) FROM accounts"), copy.toString());
                assertEquals(Sqlite.rows(copy, "SELECT sum(amount) FROM log"),
                        Sqlite.rows(copy, "SELECT balance FROM accounts WHERE id = 2"), "every transfer with its log row in " + copy);
                Thread.sleep(20);
            }
        } finally {
            writing.set(false);
            executor.shutdown();
        }
        assertTrue(commits.get() > COPIES, "the writer kept committing: " + commits.get());
    }

    /** Moves an amount from account 1 to 2 and logs it, one transaction each, about every millisecond. */
    private static long transferUntilStopped(Path db, AtomicBoolean writing) throws Exception {
        long count = 0;
        try (Connection c = Sqlite.open(db);
             PreparedStatement debit = c.prepareStatement("UPDATE accounts SET balance = balance - ? WHERE id = 1");
             PreparedStatement credit = c.prepareStatement("UPDATE accounts SET balance = balance + ? WHERE id = 2");
             PreparedStatement log = c.prepareStatement("INSERT INTO log (amount, pad) VALUES (?, randomblob(300))")) {
            c.setAutoCommit(false);
            while (writing.get()) {
                long amount = 1 + count % 97;
                for (PreparedStatement statement : List.of(debit, credit, log)) {
                    statement.setLong(1, amount);
                    statement.executeUpdate();
                }
                c.commit();
                count++;
                Thread.sleep(1);
            }
        }
        return count;
    }
}
