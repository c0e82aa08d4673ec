package io.litefleet.verify;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import io.litefleet.model.Messages;
import io.litefleet.model.ObjectKeys;
import io.litefleet.model.StoredSnapshot;
import io.litefleet.state.ReplicationState;
import io.litefleet.stats.VerifyStats;
import org.apache.camel.Body;
import org.apache.camel.CamelExchangeException;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperty;
import org.apache.camel.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The restore drill of one target (verify.camel.yaml): each tenant the route chose from the
 * target's state is judged by its newest stored snapshot; a damaged one is logged once, counted,
 * and its tenant marked so that the next cycle stores it afresh. The damaged object itself stays
 * until retention removes it.
 */
public final class TargetVerifier {

    /** A tenant's newest snapshot, judged {@code at} a time in milliseconds (recorded as its {@code verified_at}). */
    public record Verdict(Path database, String key, Optional<String> damage, long at) {
        public boolean damaged() {
            return damage.isPresent();
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(TargetVerifier.class);
    /** Snapshots of one drill that cannot be read before the target counts as out of reach. */
    static final int UNREADABLE_LIMIT = 3;

    private final String name;
    private final ReplicationState state;
    private final SnapshotCheck check;
    private final VerifyStats stats;
    private final Clock clock;
    private final AtomicInteger checked = new AtomicInteger();
    private final AtomicInteger damaged = new AtomicInteger();
    private final AtomicInteger unreadable = new AtomicInteger();
    private volatile Instant started;

    public TargetVerifier(String name, ReplicationState state, SnapshotCheck check, VerifyStats stats, Clock clock) {
        this.name = name;
        this.state = state;
        this.check = check;
        this.stats = stats;
        this.clock = clock;
    }

    public String name() {
        return name;
    }

    /** The drill of this target starts. */
    public void started() {
        checked.set(0);
        damaged.set(0);
        unreadable.set(0);
        started = clock.instant();
    }

    /**
     * Judges a tenant's newest snapshot: {@code row} is its record in the state ({@code path},
     * {@code prefix}, {@code last_key}, {@code sha256}). A snapshot that cannot be read is not
     * judged: one WARN, and its tenant's turn comes again after all the others (its
     * {@code verified_at} is recorded all the same), so one object out of reach for good (archived,
     * its key revoked) does not stop every later drill at its first check.
     *
     * @throws IOException the {@value #UNREADABLE_LIMIT}th snapshot of this drill that cannot be
     *                     read: the target is out of reach, which ends the drill (see {@link #stopped})
     */
    public Verdict check(@Body Map<String, Object> row) throws IOException {
        String key = (String) row.get("last_key");
        // a key the state recorded once it was stored: always a snapshot key
        StoredSnapshot snapshot = ObjectKeys.parse(key).orElseThrow();
        Path database = Path.of((String) row.get("path"));
        Optional<String> damage;
        try {
            damage = check.damage(snapshot, (String) row.get("sha256"));
        } catch (IOException e) {
            if (unreadable.incrementAndGet() >= UNREADABLE_LIMIT) {
                throw e;
            }
            stats.unreadable();
            LOG.warn("Restore drill: cannot read {} on {} ({}); not judged, its turn comes again after the others", key, name,
                    Messages.oneLine(String.valueOf(e.getMessage())));
            return new Verdict(database, key, Optional.empty(), clock.millis());
        }
        checked.incrementAndGet();
        stats.checked();
        return new Verdict(database, key, damage, clock.millis());
    }

    /** One WARN, counted; the next cycle stores the tenant again, whether or not it changed. */
    public void damaged(@Body Verdict verdict) throws SQLException {
        String problem = verdict.damage().orElseThrow();
        if (!state.markDamaged(verdict.database(), verdict.key())) {
            LOG.debug("{} on {} was damaged ({}) and is no longer the newest snapshot", verdict.key(), name, problem);
            return;
        }
        damaged.incrementAndGet();
        stats.damaged(name, verdict.key(), problem);
        LOG.warn("Restore drill: {} on {} is damaged: {}; the next cycle stores a fresh snapshot of {}", verdict.key(), name,
                problem, verdict.database());
    }

    /** The drill of this target ends: one line for the whole of it. */
    public void completed() {
        stats.runCompleted();
        String took = TimeUtils.printDuration(Duration.between(started, clock.instant()), true);
        if (damaged.get() == 0) {
            LOG.info("Restore drill on {}: {} snapshots checked in {}, all sound", name, checked.get(), took);
        } else {
            LOG.warn("Restore drill on {}: {} snapshots checked in {}, {} damaged", name, checked.get(), took, damaged.get());
        }
    }

    /** The drill could not go on (the target or the state could not be read): one line; the rest is not judged. */
    public void stopped(@ExchangeProperty(Exchange.EXCEPTION_CAUGHT) Exception caught) {
        Throwable cause = caught;
        // the split reports a failed part wrapped in its own exception
        while (cause instanceof CamelExchangeException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        stats.stopped();
        LOG.warn("Restore drill on {} stopped after {} snapshots ({} damaged), the rest not judged: {}", name, checked.get(),
                damaged.get(), Messages.oneLine(String.valueOf(cause.getMessage())));
    }
}
