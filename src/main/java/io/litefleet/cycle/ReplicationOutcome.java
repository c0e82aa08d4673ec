package io.litefleet.cycle;

import io.litefleet.discovery.ReplicationLedger;
import io.litefleet.discovery.TenantDatabase;
import io.litefleet.snapshot.SnapshotProcessor;
import io.litefleet.stats.ReplicationStats;
import io.litefleet.storage.SnapshotMetadata;
import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last step for each database: on success its fingerprint becomes "replicated"; on failure the
 * reason is logged on one line and counted, and the database stays changed, so the next cycle
 * simply tries again. Nothing here throws: one broken tenant never stops the others.
 */
public final class ReplicationOutcome {

    private static final Logger LOG = LoggerFactory.getLogger(ReplicationOutcome.class);

    private final ReplicationLedger ledger;
    private final ReplicationStats stats;

    public ReplicationOutcome(ReplicationLedger ledger, ReplicationStats stats) {
        this.ledger = ledger;
        this.stats = stats;
    }

    public void replicated(Exchange exchange) {
        TenantDatabase tenant = exchange.getProperty(SnapshotProcessor.TENANT_PROPERTY, TenantDatabase.class);
        if (tenant.settled()) {
            ledger.recordReplicated(tenant.path(), tenant.fingerprint());
        }
        long bytes = exchange.getMessage().getHeader(SnapshotMetadata.COMPRESSED_SIZE_HEADER, 0L, Long.class);
        stats.uploaded(bytes);
        LOG.debug("Replicated {} as {} ({} bytes)", tenant, exchange.getMessage().getHeader(SnapshotMetadata.KEY_HEADER), bytes);
    }

    public void failed(Exchange exchange) {
        Throwable cause = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        Object tenant = exchange.getProperty(SnapshotProcessor.TENANT_PROPERTY);
        if (tenant == null) {
            tenant = exchange.getMessage().getBody();
        }
        stats.failed();
        LOG.warn("Not replicated: {}: {}", tenant, FailureReason.of(cause));
    }
}
