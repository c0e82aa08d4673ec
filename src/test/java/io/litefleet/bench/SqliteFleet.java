package io.litefleet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Random;
import java.util.stream.IntStream;

/**
 * A fleet of real SQLite databases of a given size in the seed layout, each with its own content:
 * rows of words drawn at random from a small vocabulary, which LZ4 compresses about as well as
 * typical application data. Kept between runs.
 */
final class SqliteFleet {

    private static final String[] WORDS = ("order customer invoice paid shipped pending refund tenant account session "
            + "token user email address street city country product price quantity total discount status created "
            + "updated deleted note comment review rating stock warehouse carrier tracking").split(" ");

    private SqliteFleet() {
    }

    /** The data directory of {@code count} databases of about {@code megabytes} MB each under {@code directory}. */
    static Path build(Path directory, int count, int megabytes) throws Exception {
        Path data = directory.resolve("data");
        Path done = directory.resolve("fleet-" + count + "x" + megabytes + "MB");
        if (Files.exists(done)) {
            return data;
        }
        Path template = directory.resolve("template.db");
        Files.createDirectories(directory);
        Files.deleteIfExists(template);
        fill(template, megabytes * 1024L * 1024L);
        IntStream.range(0, count).parallel().forEach(i -> {
            try {
                Path db = database(data, i);
                Files.createDirectories(db.getParent());
                Files.copy(template, db, StandardCopyOption.REPLACE_EXISTING);
                try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement()) {
                    s.execute("UPDATE row SET body = 'tenant " + i + "' WHERE id = 1");
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Files.delete(template);
        Files.createFile(done);
        return data;
    }

    static Path database(Path data, int i) {
        return data.resolve("acme/databases/app/branches/main/tenants").resolve(String.format("t%05d.db", i));
    }

    private static void fill(Path file, long bytes) throws Exception {
        Random random = new Random(7);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE row (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
            }
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO row (body) VALUES (?)")) {
                long written = 0;
                while (written < bytes * 95 / 100) {
                    StringBuilder body = new StringBuilder();
                    while (body.length() < 400) {
                        body.append(WORDS[random.nextInt(WORDS.length)]).append(' ').append(random.nextInt(100_000)).append(' ');
                    }
                    insert.setString(1, body.toString());
                    insert.executeUpdate();
                    written += body.length() + 8;
                }
            }
            c.commit();
        }
    }
}
