package io.litefleet.storage;

import java.io.IOException;

/**
 * The destination could not store an object (a full disk, a path it cannot create), as opposed to
 * a database that could not be read: the cycle counts it towards giving up on the destination.
 */
public final class DestinationException extends IOException {

    public DestinationException(String message, IOException cause) {
        super(message, cause);
    }

    /** A refusal that is its own reason (what was stored is not what was sent). */
    public DestinationException(String message) {
        super(message);
    }
}
