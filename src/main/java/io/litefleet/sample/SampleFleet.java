package io.litefleet.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Creates sample tenant databases in the seed layout
 * ({@code <root>/<project>/databases/<database>/branches/<branch>/tenants/<tenant>.db}), for demos,
 * tests and benchmarks. Every other tenant is in WAL mode, the rest use a rollback journal.
 */
public final class SampleFleet {

    private static final String[] PROJECTS = { "acme", "globex" };
    private static final String[] DATABASES = { "orders", "users" };
    private static final String BRANCH = "main";

    private SampleFleet() {
    }

    /** Where tenant number {@code n} of a generated fleet lives. */
    public static Path tenantPath(Path root, int n) {
        String project = PROJECTS[n % PROJECTS.length];
        String database = DATABASES[(n / PROJECTS.length) % DATABASES.length];
        return root.resolve(project).resolve("databases").resolve(database).resolve("branches").resolve(BRANCH)
                .resolve("tenants").resolve(String.format("t%05d.db", n));
    }

    /** Creates {@code tenants} databases with {@code rows} rows each and returns their paths. */
    public static List<Path> generate(Path root, int tenants, int rows) throws IOException, SQLException {
        List<Path> paths = new ArrayList<>(tenants);
        for (int n = 0; n < tenants; n++) {
            Path path = tenantPath(root, n);
            Files.createDirectories(path.getParent());
            create(path, n % 2 == 0, rows);
            paths.add(path);
        }
        return paths;
    }

    private static void create(Path path, boolean wal, int rows) throws SQLException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + path); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=" + (wal ? "WAL" : "DELETE"));
            s.execute("CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY, name TEXT NOT NULL, qty INTEGER NOT NULL)");
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO items (name, qty) VALUES (?, ?)")) {
                for (int i = 0; i < rows; i++) {
                    insert.setString(1, "item-" + i);
                    insert.setInt(2, i);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        }
    }
}
