package io.litefleet.testing;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import net.jpountz.lz4.LZ4FrameInputStream;

/** Small helpers over real SQLite files, for assertions. */
public final class Sqlite {

    private Sqlite() {
    }

    public static Connection open(Path database) throws SQLException {
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA busy_timeout=10000");
        }
        return c;
    }

    public static void execute(Path database, String... sql) throws SQLException {
        try (Connection c = open(database); Statement s = c.createStatement()) {
            for (String statement : sql) {
                s.execute(statement);
            }
        }
    }

    /** Every row of a query, each row as "col1|col2|...", in query order. */
    public static List<String> rows(Path database, String query) throws SQLException {
        try (Connection c = open(database); Statement s = c.createStatement(); ResultSet r = s.executeQuery(query)) {
            List<String> rows = new ArrayList<>();
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(r.getString(i));
                }
                rows.add(row.toString());
            }
            return rows;
        }
    }

    /** The sha256 of a file's bytes, in hex: what LiteFleet records of a snapshot. */
    public static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    /** Lets the file system clock tick past a write, so its fingerprint is settled (see Fingerprint#isSettled). */
    public static void settle() throws InterruptedException {
        Thread.sleep(100);
    }

    public static String integrityCheck(Path database) throws SQLException {
        return String.join(",", rows(database, "PRAGMA integrity_check"));
    }

    /** Decodes an LZ4 frame (as stored by LiteFleet) into a database file. */
    public static Path decompress(InputStream lz4, Path target) throws Exception {
        try (InputStream in = new LZ4FrameInputStream(lz4)) {
            Files.copy(in, target);
        }
        return target;
    }
}
