package io.litefleet.storage;

import java.io.IOException;

/**
 * The target could not store an object (a full disk, a path it cannot create), as opposed to
 * a database that could not be read: the cycle counts it towards giving up on the target.
 */
public final class TargetException extends IOException {

    public TargetException(String message, IOException cause) {
        super(message, cause);
    }

    /** A refusal that is its own reason (what was stored is not what was sent). */
    public TargetException(String message) {
        super(message);
    }
}
