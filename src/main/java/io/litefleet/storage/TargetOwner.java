package io.litefleet.storage;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import io.litefleet.model.Messages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One replicator per target. A second one with another state on the same target (a host
 * restored from an old image, a test instance pointed at production) uploads its own copies under
 * the same prefixes, with newer keys for content that may be older, which a default restore
 * would then return; and it prunes by its own keys, which the first never knows of. So each
 * cycle reads the {@link OwnerMarker} and, unless another state's heartbeat is fresh (written within
 * three of its sync intervals), writes this replicator's own; while the other's is fresh, no upload
 * starts, one WARN names the other, and /stats and readiness say so. A stale heartbeat is taken
 * over. A marker that names this host and this state directory, found before this process wrote
 * its own, is this directory's previous state (deleted or rebuilt): the state directory's lock
 * proves its writer is gone, so it is taken over at once rather than after three intervals.
 * <p>
 * The marker also names the writing process (a random run id): a host cloned with its state
 * directory has the same state id, and its replicator, uploading its old databases under newer
 * keys, must stand down too.
 * <p>
 * In a cluster the members share one state directory (and so one state id): a marker of that state
 * written by another process is the previous leader's, whose state it holds now, and is taken over
 * at once (the state's lock proves the previous leader closed it, or died).
 * <p>
 * Detection, not a lock: two replicators that start within one cycle of each other both upload
 * once before one of them sees the other. The heartbeat compares hosts' wall clocks, so they must
 * agree to well within three sync intervals.
 */
public final class TargetOwner {

    private static final Logger LOG = LoggerFactory.getLogger(TargetOwner.class);

    private final Target target;
    /** Where the marker is: one per shard of a sharded group, whose members write the target at once. */
    private final String markerKey;
    /** The id of the replication state, known once it is open (a standby's is not). */
    private final Supplier<String> stateId;
    /** Whether other processes use the same state, one at a time (a cluster). */
    private final boolean sharedState;
    private final String stateDirectory;
    private final Duration syncInterval;
    private final Clock clock;
    private final String host = hostName();
    /** Tells this process from another one started on a copy of the same state directory. */
    private final String runId = UUID.randomUUID().toString();

    /** The other replicator holding the target, while one does. */
    private volatile Optional<OwnerMarker> other = Optional.empty();
    /** Why the marker could not be read or written at the last check, if it could not. */
    private volatile Optional<String> error = Optional.empty();
    /** The other process last warned about: one WARN per other replicator, not per cycle. */
    private String warnedAbout;
    /** Monotonic time of the last check; a long cycle checks again once a sync interval passed. */
    private volatile long lastCheckNanos;
    private volatile boolean checked;
    /** Whether this process wrote its marker yet; before, a marker of this directory is its predecessor's. */
    private boolean written;

    /** @param sharedState whether the members of a cluster use the same state, the leader only */
    public TargetOwner(Target target, Supplier<String> stateId, boolean sharedState, String stateDirectory, Duration syncInterval,
            Clock clock) {
        this(target, OwnerMarker.KEY, stateId, sharedState, stateDirectory, syncInterval, clock);
    }

    /** @param markerKey the marker of one shard of a sharded group (see {@link OwnerMarker#shardKey}) */
    public TargetOwner(Target target, String markerKey, Supplier<String> stateId, boolean sharedState, String stateDirectory,
            Duration syncInterval, Clock clock) {
        this.target = target;
        this.markerKey = markerKey;
        this.stateId = stateId;
        this.sharedState = sharedState;
        this.stateDirectory = stateDirectory;
        this.syncInterval = syncInterval;
        this.clock = clock;
    }

    /**
     * At the start of each cycle: reads the marker and, unless another replicator holds the
     * target, writes this one's heartbeat. A target that cannot be reached decides
     * nothing: the uploads find out for themselves, and are counted as its failures.
     */
    public synchronized void heartbeat() {
        lastCheckNanos = System.nanoTime();
        checked = true;
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        try {
            Optional<OwnerMarker> found = target.read(markerKey).flatMap(OwnerMarker::parse);
            error = Optional.empty();
            // ours only if this very process wrote it: a clone of the state directory has the same state id
            Optional<OwnerMarker> another = found.filter(m -> !(m.stateId().equals(stateId.get()) && m.runId().equals(runId)));
            if (another.isPresent() && !written && another.get().host().equals(host)
                    && another.get().stateDirectory().equals(stateDirectory)) {
                LOG.info("Target {} was held by a previous state of {} (heartbeat {}): taken over",
                        target.describe(), stateDirectory, another.get().heartbeat());
            } else if (another.isPresent() && sharedState && another.get().stateId().equals(stateId.get())) {
                LOG.info("Target {} was held by the previous leader, on {} (heartbeat {}): taken over",
                        target.describe(), another.get().host(), another.get().heartbeat());
            } else if (another.isPresent() && another.get().freshAt(now)) {
                holdBy(another.get());
                return;
            } else if (another.isPresent()) {
                LOG.warn("Took over target {} from the replicator on {} (state {}), whose last heartbeat was {}",
                        target.describe(), another.get().host(), another.get().stateDirectory(), another.get().heartbeat());
            }
            target.put(markerKey, new OwnerMarker(stateId.get(), runId, host, stateDirectory, now, syncInterval).toJson());
            written = true;
            if (other.isPresent()) {
                LOG.info("Target {} is this replicator's again: uploads resume", target.describe());
            }
            other = Optional.empty();
            warnedAbout = null;
        } catch (IOException | RuntimeException e) {
            // never a reason to fail the cycle; said once, until the marker can be checked again
            if (error.isEmpty()) {
                LOG.warn("Cannot check the owner of target {} ({}): a second replicator on it would go unnoticed"
                        + " until it can (the marker needs read and write access to {})", target.describe(),
                        Messages.oneLine(e.getMessage()), markerKey);
            }
            error = Optional.of(Messages.oneLine(e.getMessage()));
        }
    }

    private void holdBy(OwnerMarker owner) {
        other = Optional.of(owner);
        if (!owner.runId().equals(warnedAbout)) {
            warnedAbout = owner.runId();
            LOG.warn("Target {} is in use by another replicator, on {} (state {}, last heartbeat {}): no upload starts"
                    + " while its heartbeat is fresh; stop one of the two, or give each its own target",
                    target.describe(), owner.host(), owner.stateDirectory(), owner.heartbeat());
        }
    }

    /**
     * True while another replicator holds the target: no upload starts. A cycle that runs
     * longer than a sync interval (a first sync) checks again, so its heartbeat stays fresh.
     */
    public boolean heldByAnother() {
        if (checked && System.nanoTime() - lastCheckNanos >= syncInterval.toNanos()) {
            synchronized (this) {
                if (System.nanoTime() - lastCheckNanos >= syncInterval.toNanos()) {
                    heartbeat();
                }
            }
        }
        return other.isPresent();
    }

    /** The other replicator holding the target, while one does. */
    public Optional<OwnerMarker> other() {
        return other;
    }

    /** For /stats: whose target it is, as far as the last check could tell. */
    public Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        Optional<OwnerMarker> holder = other;
        json.put("status", !checked || error.isPresent() ? "unknown" : holder.isPresent() ? "conflict" : "this replicator");
        json.put("state_id", stateId.get());
        json.put("other_host", holder.map(OwnerMarker::host).orElse(null));
        json.put("other_state_directory", holder.map(OwnerMarker::stateDirectory).orElse(null));
        json.put("other_heartbeat", holder.map(m -> m.heartbeat().toString()).orElse(null));
        json.put("error", error.orElse(null));
        return json;
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("unknown host");
        }
    }
}
