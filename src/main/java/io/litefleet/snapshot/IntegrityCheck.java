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
    QUICK("quick_check"), FULL("integrity_check");

    private final String pragma;

    IntegrityCheck(String pragma) {
        this.pragma = pragma;
    }

    /** The problems found, on one line, or empty when SQLite answers {@code ok}. */
    public Optional<String> problems(Path database) {
        try (Connection connection = ReadOnlySqlite.config().createConnection("jdbc:sqlite:" + database);
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
