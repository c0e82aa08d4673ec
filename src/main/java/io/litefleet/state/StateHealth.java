package io.litefleet.state;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import io.litefleet.model.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the replication state can record. An upload it cannot record is not known as replicated,
 * so every later cycle would upload it again under a new key (an orphan each time): while the state
 * cannot record, no upload starts. The first failed write says so, once, with SQLite's own reason;
 * only the probe at the start of a cycle declares the state writable again, so a small write that
 * happens to fit does not restart the uploads of a disk that is still full.
 */
public final class StateHealth {

    private static final Logger LOG = LoggerFactory.getLogger(StateHealth.class);

    private final Path file;
    /** Why the state cannot record; null while it can. */
    private final AtomicReference<String> error = new AtomicReference<>();

    StateHealth(Path file) {
        this.file = file;
    }

    /** True while the state records: uploads may start. */
    public boolean writable() {
        return error.get() == null;
    }

    /** Why the state cannot record, while it cannot. */
    public Optional<String> error() {
        return Optional.ofNullable(error.get());
    }

    /** A write failed: no upload starts until a probe succeeds. */
    StateWriteException failed(SQLException cause) {
        String reason = Messages.oneLine(cause.getMessage());
        if (error.getAndSet(reason) == null) {
            LOG.error("Replication state {} cannot record ({}): no upload starts until it can; retried at the start of every cycle",
                    file, reason);
        }
        return new StateWriteException(reason, cause);
    }

    /** A probe write succeeded: uploads start again. */
    void probed() {
        String was = error.getAndSet(null);
        if (was != null) {
            LOG.info("Replication state {} records again (it could not: {}): uploads resume", file, was);
        }
    }
}
