package io.litefleet.snapshot;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.litefleet.model.Messages;
import org.sqlite.Collation;
import org.sqlite.SQLiteException;

/**
 * SQLite's own verdict on a private copy of a database (a snapshot before upload, a download before
 * restore). {@code quick_check} is O(N) and skips index consistency; {@code integrity_check} also
 * checks that every index matches its table.
 * <p>
 * A schema may need a collation or a function only the application defines (an index's order, an
 * index expression). {@code integrity_check} looks every row up in every index, so it cannot run
 * without them; {@code quick_check} neither orders keys nor evaluates expressions, so it runs with a
 * stand-in collation (SQLite refuses to prepare it without one) and without the functions. Such a
 * database gets {@code quick_check}, whichever check was asked for.
 */
public enum IntegrityCheck {
    /** Before every upload, 100 at a time: with the small page cache of {@link ReadOnlySqlite}. */
    QUICK("quick_check", true),
    /** Before a restore, one database at a time: it looks up every index entry, so SQLite's default cache. */
    FULL("integrity_check", false);

    private static final Pattern MISSING_COLLATION = Pattern.compile("no such collation sequence: (.+)\\)$");
    private static final Pattern MISSING_FUNCTION = Pattern.compile("(unknown|no such) function: ");
    /** More distinct application collations than any schema has: a guard against a loop, not a limit met. */
    private static final int MAX_STAND_INS = 64;

    private final String pragma;
    private final boolean smallCache;

    IntegrityCheck(String pragma, boolean smallCache) {
        this.pragma = pragma;
        this.smallCache = smallCache;
    }

    /** The problems found, on one line, or empty when SQLite answers {@code ok}. */
    public Optional<String> problems(Path database) {
        String check = pragma;
        try (Connection connection = ReadOnlySqlite.config(smallCache).createConnection("jdbc:sqlite:" + database)) {
            for (int attempt = 0; ; attempt++) {
                try {
                    List<String> lines = run(connection, check);
                    return lines.equals(List.of("ok")) ? Optional.empty() : Optional.of(check + ": " + String.join("; ", lines));
                } catch (SQLiteException e) {
                    String message = Messages.oneLine(e.getMessage());
                    Matcher collation = MISSING_COLLATION.matcher(message);
                    if (attempt < MAX_STAND_INS && collation.find()) {
                        Collation.create(connection, collation.group(1), new BinaryStandIn());
                    } else if (check.equals(QUICK.pragma) || !MISSING_FUNCTION.matcher(message).find()) {
                        throw e;
                    }
                    check = QUICK.pragma;
                }
            }
        } catch (SQLException e) {
            return Optional.of(check + ": " + Messages.oneLine(e.getMessage()));
        }
    }

    private static List<String> run(Connection connection, String check) throws SQLException {
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("PRAGMA " + check + "(10)")) {
            List<String> lines = new ArrayList<>();
            while (result.next()) {
                lines.add(result.getString(1));
            }
            return lines;
        }
    }

    /** Any order will do for quick_check; the application's own is unknown here. */
    private static final class BinaryStandIn extends Collation {
        @Override
        protected int xCompare(String a, String b) {
            return a.compareTo(b);
        }
    }
}
