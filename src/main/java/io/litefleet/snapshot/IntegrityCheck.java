package io.litefleet.snapshot;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.litefleet.Messages;

/**
 * SQLite's own verdict on a private copy of a database (a snapshot before upload, a download before
 * restore). {@code quick_check} is O(N) and skips index consistency; {@code integrity_check} also
 * checks that every index matches its table.
 */
public enum IntegrityCheck {
    /** Before every upload, 100 at a time: with the small page cache of {@link ReadOnlySqlite}. */
    QUICK("quick_check", true),
    /** Before a restore, one database at a time: it looks up every index entry, so SQLite's default cache. */
    FULL("integrity_check", false);

    private final String pragma;
    private final boolean smallCache;

    IntegrityCheck(String pragma, boolean smallCache) {
        this.pragma = pragma;
        this.smallCache = smallCache;
    }

    /** The problems found, on one line, or empty when SQLite answers {@code ok}. */
    public Optional<String> problems(Path database) {
        try (Connection connection = ReadOnlySqlite.config(smallCache).createConnection("jdbc:sqlite:" + database);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA " + pragma + "(10)")) {
            List<String> lines = new ArrayList<>();
            while (result.next()) {
                lines.add(result.getString(1));
            }
            return lines.equals(List.of("ok")) ? Optional.empty() : Optional.of(pragma + ": " + String.join("; ", lines));
        } catch (SQLException e) {
            return Optional.of(pragma + ": " + Messages.oneLine(e.getMessage()));
        }
    }
}
