package io.litefleet.discovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;

import io.litefleet.Messages;
import io.litefleet.state.ReplicationState;
import io.litefleet.stats.ReplicationStats;
import io.litefleet.storage.PathTemplate;
import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First step of a cycle: walks the discovery pattern, fingerprints every database and replaces the
 * message body with the list of {@link TenantDatabase}s whose fingerprint differs from the last
 * replicated one. New databases count as changed; vanished ones leave the replication state.
 */
public final class FleetScanner implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(FleetScanner.class);

    private final DiscoveryPattern pattern;
    private final PathTemplate pathTemplate;
    private final ReplicationState state;
    private final ReplicationStats stats;

    public FleetScanner(DiscoveryPattern pattern, PathTemplate pathTemplate, ReplicationState state, ReplicationStats stats) {
        this.pattern = pattern;
        this.pathTemplate = pathTemplate;
        this.state = state;
        this.stats = stats;
    }

    @Override
    public void process(Exchange exchange) {
        exchange.getMessage().setBody(scan());
    }

    /** One walk of the fleet; returns the changed databases. */
    public List<TenantDatabase> scan() {
        stats.cycleStarted();
        long scanStart = epochNanos();
        Queue<TenantDatabase> changed = new ConcurrentLinkedQueue<>();
        LongAdder present = new LongAdder();
        AtomicBoolean complete = new AtomicBoolean(Files.isDirectory(pattern.base()));
        if (!complete.get()) {
            LOG.warn("Discovery base directory {} does not exist (unmounted?): nothing to scan", pattern.base().toAbsolutePath());
        }
        pattern.walk(new DiscoveryPattern.Visitor() {
            @Override
            public void matched(DiscoveryPattern.Match match) {
                Fingerprint fingerprint;
                try {
                    fingerprint = Fingerprint.read(match.database(), match.hasWal());
                } catch (NoSuchFileException e) {
                    return; // deleted since the listing
                } catch (IOException e) {
                    LOG.warn("Skipping {}: cannot read its attributes ({})", match.database(), e.getMessage());
                    state.stillPresent(match.directory(), match.name());
                    complete.set(false);
                    return;
                }
                present.increment();
                if (!state.isReplicated(match.directory(), match.name(), fingerprint)) {
                    changed.add(new TenantDatabase(match.database(), pathTemplate.render(match.values()), fingerprint,
                            fingerprint.isSettled(scanStart)));
                }
            }

            @Override
            public void unreadable(Path directory, IOException problem) {
                LOG.warn("Skipping directory {}: cannot list it ({})", directory, problem.getMessage());
                complete.set(false);
            }
        });
        // Only a complete walk may forget databases: after an unreadable directory or an unmounted
        // volume, forgetting would make every database under it upload again once it is back.
        try {
            state.endScan(complete.get());
        } catch (SQLException e) {
            LOG.warn("Cannot forget vanished databases in the replication state: {}", Messages.oneLine(e.getMessage()));
        }
        List<TenantDatabase> result = new ArrayList<>(changed);
        stats.scanCompleted(present.intValue(), result, complete.get());
        return result;
    }

    /** The wall clock, as file modification times are stamped. */
    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
