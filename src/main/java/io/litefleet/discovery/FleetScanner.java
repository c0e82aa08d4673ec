package io.litefleet.discovery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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
        List<TenantDatabase> changed = new ArrayList<>();
        Set<Path> present = new HashSet<>();
        boolean[] complete = { Files.isDirectory(pattern.base()) };
        if (!complete[0]) {
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
                    complete[0] = false;
                    return;
                }
                present.add(match.database());
                if (!state.isReplicated(match.database(), fingerprint)) {
                    changed.add(new TenantDatabase(match.database(), pathTemplate.render(match.values()), fingerprint,
                            fingerprint.isSettled(scanStart)));
                }
            }

            @Override
            public void unreadable(Path directory, IOException problem) {
                LOG.warn("Skipping directory {}: cannot list it ({})", directory, problem.getMessage());
                complete[0] = false;
            }
        });
        // Only a complete walk may forget databases: after an unreadable directory or an unmounted
        // volume, forgetting would make every database under it upload again once it is back.
        try {
            if (complete[0]) {
                state.retainOnly(present);
            }
        } catch (SQLException e) {
            LOG.warn("Cannot forget vanished databases in the replication state: {}", Messages.oneLine(e.getMessage()));
        }
        stats.scanCompleted(present, changed, complete[0]);
        return changed;
    }

    /** The wall clock, as file modification times are stamped. */
    private static long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
