package io.litefleet.snapshot;

/** A database that cannot be snapshotted, with a reason a person can act on. */
public final class SnapshotException extends Exception {

    public SnapshotException(String reason) {
        super(reason);
    }

    public SnapshotException(String reason, Throwable cause) {
        super(reason, cause);
    }
}
