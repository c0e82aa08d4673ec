package io.litefleet.state;

import java.sql.SQLException;

/** The replication state could not record something; {@link StateHealth} has said so already. */
public final class StateWriteException extends SQLException {

    StateWriteException(String reason, SQLException cause) {
        super("replication state cannot record: " + reason, cause);
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
