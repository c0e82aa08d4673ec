package io.litefleet.state;

import java.nio.file.Path;
import java.sql.SQLException;

/** The replication state could not record something; {@link StateHealth} has said so already. */
public final class StateWriteException extends SQLException {

    StateWriteException(String reason, SQLException cause) {
        super("replication state cannot record: " + reason, cause);
    }

    /** A record asked of a state that is closed: the replicator no longer holds it. */
    static StateWriteException closed(Path file) {
        return new StateWriteException("it is closed", new SQLException("replication state " + file + " is closed"));
    }

    /** Whether {@code failure} is, or was caused by, a state that could not record. */
    public static boolean causedBy(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StateWriteException) {
                return true;
            }
        }
        return false;
    }
}
