package io.litefleet.restore;

/** A restore that did not happen, with the key and the check that stopped it. */
public final class RestoreException extends Exception {

    public RestoreException(String message) {
        super(message);
    }

    public RestoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
