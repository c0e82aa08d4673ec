package io.litefleet.stats;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.litefleet.model.TenantDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the replicator did and how far behind it is, counted as it happens; read as one immutable
 * {@link #view()} (served as JSON on {@code GET /stats}) or its cheap part, {@link #counters()}
 * (the MBean's and the meters'). Updated concurrently by the upload threads, and each value is read
 * on its own while they count: a reading is not one atomic cut across the counters. Totals count
 * since start; "last cycle" values are replaced when the next cycle completes.
 * <p>
 * Two clocks: the wall clock for the times shown (last scan, failing since) and for the replication
 * lag, which compares it with file modification times stamped by the same clock; the monotonic
 * {@link System#nanoTime} for every duration (cycle, scan, uptime, time since the last cycle), so a
 * wall clock stepped by NTP or by hand neither makes a duration negative nor readiness lie.
 */
public final class ReplicationStats {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationStats.class);
    /** Failures listed in /stats; the count covers all of them. */
    private static final int RECENT_FAILURES = 20;

    private final Clock clock;
    private final long startedNanos = System.nanoTime();
    private final S3RequestCounter requests;
    private final RequestCosts costs;
    private final String version;
    private final FailingTenants failing = new FailingTenants();
    private final ReplicationLag lag = new ReplicationLag();

    private final AtomicLong uploadsSuccess = new AtomicLong();
    private final AtomicLong uploadsFailed = new AtomicLong();
    private final AtomicLong skippedIdentical = new AtomicLong();
    private final AtomicLong bytesUploaded = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final AtomicLong cycles = new AtomicLong();

    private final AtomicLong cycleDue = new AtomicLong();
    private final AtomicLong cycleUploaded = new AtomicLong();
    private final AtomicLong cycleFailed = new AtomicLong();
    private final AtomicLong cycleSkipped = new AtomicLong();
    /** Per target, this cycle: uploads it took, and uploads it refused. */
    private final Map<String, AtomicLong> cycleUploadedBy = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> cycleRefusedBy = new ConcurrentHashMap<>();
    private final AtomicLong cycleNotAttempted = new AtomicLong();
    private final AtomicLong cycleBytes = new AtomicLong();

    private volatile long cycleStartNanos;
    private volatile long lastScanNanos;
    /** Whether a cycle's uploads are under way (scan done, cycle not yet completed). */
    private volatile boolean replicating;
    private volatile Instant lastScan;
    private volatile long lastScanMillis;
    private volatile boolean lastScanWhole;
    private volatile int databases;
    private volatile int changedLastCycle;
    private volatile int deferredLastCycle;
    private volatile int unreadableLastScan;
    private volatile CycleReport lastCycle;
    private volatile Instant lastCycleEnd;
    private volatile long lastCycleEndNanos;
    private volatile List<String> targetsDownLastCycle = List.of();
    private final List<Consumer<CycleReport>> cycleListeners = new CopyOnWriteArrayList<>();

    public ReplicationStats(Clock clock, S3RequestCounter requests, RequestCosts costs, String version) {
        this.clock = clock;
        this.requests = requests;
        this.costs = costs;
        this.version = version;
    }

    public void cycleStarted() {
        cycleStartNanos = System.nanoTime();
        cycleDue.set(0);
        cycleUploaded.set(0);
        cycleFailed.set(0);
        cycleSkipped.set(0);
        cycleUploadedBy.clear();
        cycleRefusedBy.clear();
        cycleNotAttempted.set(0);
        cycleBytes.set(0);
    }

    /**
     * @param present  how many databases the scan found
     * @param changed  those of them not replicated as they are now, that this cycle takes
     * @param deferred   how many more are changed, left for the next cycles (litefleet.max-databases-per-cycle)
     * @param unreadable how many directories it could not read completely
     * @param whole      whether it walked the whole fleet, or only the directories with changes
     */
    public void scanCompleted(int present, List<TenantDatabase> changed, int deferred, int unreadable, boolean whole) {
        lastScan = clock.instant();
        lastScanNanos = System.nanoTime();
        lastScanWhole = whole;
        lastScanMillis = Duration.ofNanos(lastScanNanos - cycleStartNanos).toMillis();
        databases = present;
        changedLastCycle = changed.size() + deferred;
        deferredLastCycle = deferred;
        unreadableLastScan = unreadable;
        replicating = true;
        changed.forEach(db -> lag.changed(db.path(), db.fingerprint().changedAt()));
    }

    /** Whether a database is failing or has a change not yet stored. */
    public boolean isBehind(Path database) {
        return failing.contains(database) || lag.contains(database);
    }

    /**
     * Told by a scan, before {@link #scanCompleted}: in the directories it {@code swept} (listed
     * completely), the databases that are failing or behind and still exist are {@code stillBehind};
     * any other one vanished or is replicated as it is now, and stops counting as failing or lagging.
     */
    public void forgetAllBut(Predicate<Path> swept, Set<Path> stillBehind) {
        failing.forgetAllBut(swept, stillBehind);
        lag.forgetAllBut(swept, stillBehind);
    }

    /**
     * A file the pattern matches that cannot be a database (a directory, say): failing, though no
     * attempt is made or counted.
     *
     * @return true when this is news (see {@link #failed})
     */
    public boolean notADatabase(String tenant, Path path, String reason) {
        return failing.failed(tenant, path, Optional.empty(), reason, clock.instant());
    }

    /** @return the failure this success ends, if the database was failing on {@code target} */
    public Optional<FailingTenants.Failure> uploaded(TenantDatabase db, String target, long compressedBytes, long sourceBytes) {
        uploadsSuccess.incrementAndGet();
        cycleUploaded.incrementAndGet();
        bytesUploaded.addAndGet(compressedBytes);
        cycleBytes.addAndGet(compressedBytes);
        bytesRead.addAndGet(sourceBytes);
        cycleUploadedBy.computeIfAbsent(target, k -> new AtomicLong()).incrementAndGet();
        return caughtUp(db, target);
    }

    /** A snapshot identical to the one stored on {@code target}: no upload, no PUT. */
    public Optional<FailingTenants.Failure> skippedIdentical(TenantDatabase db, String target) {
        skippedIdentical.incrementAndGet();
        cycleSkipped.incrementAndGet();
        return caughtUp(db, target);
    }

    /** Behind no more, unless another target still fails (the next scan finds it changed there, with its change time). */
    private Optional<FailingTenants.Failure> caughtUp(TenantDatabase db, String target) {
        Optional<FailingTenants.Failure> ended = failing.recovered(db.path(), target);
        if (!failing.contains(db.path())) {
            lag.caughtUp(db.path());
        }
        return ended;
    }

    /**
     * @param  target      the target that refused it; empty when the database itself failed
     * @param  refused     whether the target refused the object (as opposed to an unreadable database)
     * @return             true when the failure is news (new, or a new reason), false when it repeats
     */
    public boolean failed(String tenant, Path path, Optional<String> target, String reason, boolean refused) {
        uploadsFailed.incrementAndGet();
        cycleFailed.incrementAndGet();
        if (refused) {
            target.ifPresent(t -> cycleRefusedBy.computeIfAbsent(t, k -> new AtomicLong()).incrementAndGet());
        }
        return failing.failed(tenant, path, target, reason, clock.instant());
    }

    /** A database taken by the cycle is missing on {@code targets} of the targets. */
    public void due(int targets) {
        cycleDue.addAndGet(targets);
    }

    /** A changed database the cycle did not attempt (its target was unavailable): left for the next cycle. */
    public void notAttempted() {
        cycleNotAttempted.incrementAndGet();
    }

    /**
     * A database not replicated for no fault of its own (the state cannot record, or another
     * replicator holds the target): counted as failed, but not listed as failing.
     */
    public void notStarted() {
        uploadsFailed.incrementAndGet();
        cycleFailed.incrementAndGet();
    }

    /** Closes the cycle, logs its one summary line and returns its report. */
    public CycleReport cycleCompleted() {
        long n = cycles.incrementAndGet();
        replicating = false;
        lastCycleEnd = clock.instant();
        deferredLastCycle += (int) cycleNotAttempted.get();
        lastCycleEndNanos = System.nanoTime();
        CycleReport report = new CycleReport(databases, changedLastCycle, deferredLastCycle, unreadableLastScan, cycleDue.get(), cycleUploaded.get(),
                cycleSkipped.get(), cycleFailed.get(), cycleBytes.get(), Duration.ofNanos(lastCycleEndNanos - cycleStartNanos));
        lastCycle = report;
        targetsDownLastCycle = cycleRefusedBy.keySet().stream().filter(t -> !cycleUploadedBy.containsKey(t)).sorted().toList();
        LOG.info("Cycle {}: {}", n, report.summary());
        cycleListeners.forEach(listener -> listener.accept(report));
        return report;
    }

    /**
     * The cycle under way, once its scan is done: how many of its changed databases are still to
     * do, at what rate the others went, and when it should end at that rate. What a first sync of a
     * large fleet, one long cycle, shows of itself.
     */
    private Optional<Progress> progress() {
        if (!replicating) {
            return Optional.empty();
        }
        long done = cycleUploaded.get() + cycleSkipped.get() + cycleFailed.get();
        long backlog = Math.max(0, changedLastCycle - done);
        double seconds = (System.nanoTime() - lastScanNanos) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        Long eta = rate > 0 ? Math.round(backlog / rate) : null;
        return Optional.of(new Progress(changedLastCycle, done, backlog, Math.round(rate * 10) / 10.0, eta));
    }

    /**
     * See {@link #progress()}.
     *
     * @param ratePerSecond databases per second since the scan ended, to one decimal
     * @param etaSeconds    null while none is done yet
     */
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    public record Progress(int changed, long done, long backlog, double ratePerSecond, Long etaSeconds) {
    }

    /** Told of every completed cycle (the metrics' cycle-duration histogram). */
    public void onCycleCompleted(Consumer<CycleReport> listener) {
        cycleListeners.add(listener);
    }

    /** The targets that refused every upload the last cycle tried (none when each took one, or was not tried). */
    public List<String> targetsDownLastCycle() {
        return targetsDownLastCycle;
    }

    /** Time since the last cycle ended, or since start-up before the first one; whatever the wall clock does. */
    public Duration sinceLastCycle() {
        return Duration.ofNanos(System.nanoTime() - (lastCycleEnd == null ? startedNanos : lastCycleEndNanos));
    }

    private Duration uptime() {
        return Duration.ofNanos(System.nanoTime() - startedNanos);
    }

    /** The counters as they are now; cheap enough for every meter on every scrape. */
    public Counters counters() {
        Instant scan = lastScan;
        CycleReport last = lastCycle;
        long read = bytesRead.get();
        long uploaded = bytesUploaded.get();
        return new Counters(databases, changedLastCycle, deferredLastCycle, uploadsSuccess.get(), uploadsFailed.get(), uploaded,
                scan == null ? null : scan.truncatedTo(ChronoUnit.MILLIS).toString(), skippedIdentical.get(), read,
                uploaded == 0 ? null : Math.round(100.0 * read / uploaded) / 100.0, cycles.get(),
                scan == null ? null : lastScanMillis, scan == null ? null : lastScanWhole ? "whole" : "changed directories",
                last == null ? null : last.duration().toMillis(), last, progress().orElse(null), unreadableLastScan);
    }

    /** Seconds since the oldest change not yet stored; 0 when every change is stored. */
    public long replicationLagSeconds() {
        return lag.worst(clock.instant()).map(Duration::toSeconds).orElse(0L);
    }

    public FailingTenants failing() {
        return failing;
    }

    /** When the last cycle ended, if one did. */
    public Optional<Instant> lastCycleEnd() {
        return Optional.ofNullable(lastCycleEnd);
    }

    /**
     * Everything, for {@code GET /stats}: the counters, then what walks the databases that are behind
     * (as many as fail, at most; nothing per tracked database).
     */
    public ReplicationView view() {
        Map<String, Long> sent = new LinkedHashMap<>();
        for (S3RequestCounter.RequestClass c : S3RequestCounter.RequestClass.values()) {
            sent.put(c.name().toLowerCase(Locale.ROOT), requests.count(c));
        }
        Duration uptime = uptime();
        return new ReplicationView(counters(),
                new ReplicationView.Failing(failing.count(), failing.mostRecent(RECENT_FAILURES).stream().map(ReplicationView.Failure::of).toList()),
                replicationLagSeconds(), Collections.unmodifiableMap(sent),
                Math.round(costs.perDay(requests, uptime) * 10_000) / 10_000.0, uptime.toSeconds(), version);
    }
}
