package io.litefleet.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Optional;

import io.litefleet.testing.Sqlite;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.Collation;

/** A stand-in collation lets the check run; it does not make a damaged database pass. */
class IntegrityCheckTest {

    @TempDir
    Path work;

    @Test
    void aDamagedDatabaseWhoseIndexNeedsAnApplicationCollationIsStillRefused() throws Exception {
        Path db = work.resolve("t.db");
        try (Connection app = Sqlite.open(db); Statement sql = app.createStatement()) {
            Collation.create(app, "APP_ORDER", new Collation() {
                @Override
                protected int xCompare(String a, String b) {
                    return b.compareTo(a);
                }
            });
            sql.execute("CREATE TABLE names (name TEXT)");
            sql.execute("CREATE INDEX names_in_app_order ON names (name COLLATE APP_ORDER)");
            sql.execute("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000) "
                    + "INSERT INTO names SELECT hex(randomblob(16)) FROM n");
        }
        assertEquals(Optional.empty(), IntegrityCheck.QUICK.problems(db));
        assertEquals(Optional.empty(), IntegrityCheck.FULL.problems(db));

        try (RandomAccessFile file = new RandomAccessFile(db.toFile(), "rw")) {
            file.seek(4096 * 3 + 8); // inside a page of the table or its index, past the page header's type byte
            file.write(new byte[2000]);
        }

        Optional<String> problems = IntegrityCheck.QUICK.problems(db);
        assertTrue(problems.isPresent() && problems.get().startsWith("quick_check: "), String.valueOf(problems));
        assertTrue(IntegrityCheck.FULL.problems(db).isPresent());
    }
}
