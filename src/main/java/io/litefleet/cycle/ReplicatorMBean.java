package io.litefleet.cycle;

import java.sql.SQLException;

import io.litefleet.model.ObjectKeys;
import io.litefleet.state.ShardedStates;
import io.litefleet.stats.CycleReport;
import io.litefleet.stats.ReplicationStats;
import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.api.management.ManagedAttribute;
import org.apache.camel.api.management.ManagedOperation;
import org.apache.camel.api.management.ManagedResource;

/**
 * The replicator over JMX ({@code org.apache.camel:context=litefleet,type=services,name=Replicator}):
 * the /stats counters as attributes (each read from {@link ReplicationStats#counters()}), and two operations for operators.
 */
@ManagedResource(description = "LiteFleet replicator")
public final class ReplicatorMBean {

    private final CamelContext context;
    private final ReplicationStats stats;
    private final ShardedStates states;

    public ReplicatorMBean(CamelContext context, ReplicationStats stats, ShardedStates states) {
        this.context = context;
        this.stats = stats;
        this.states = states;
    }

    @ManagedAttribute(description = "Databases found by the last scan")
    public int getDatabases() {
        return stats.counters().databases();
    }

    @ManagedAttribute(description = "Databases changed in the last cycle")
    public int getChangedLastCycle() {
        CycleReport last = stats.counters().lastCycle();
        return last == null ? 0 : last.changed();
    }

    @ManagedAttribute(description = "Uploads that succeeded since start")
    public long getUploadsSuccess() {
        return stats.counters().uploadsSuccess();
    }

    @ManagedAttribute(description = "Upload attempts that failed since start")
    public long getUploadsFailed() {
        return stats.counters().uploadsFailed();
    }

    @ManagedAttribute(description = "Compressed bytes uploaded since start")
    public long getBytesUploaded() {
        return stats.counters().bytesUploaded();
    }

    @ManagedAttribute(description = "Snapshots not uploaded because their content was already stored")
    public long getSkippedIdentical() {
        return stats.counters().skippedIdentical();
    }

    @ManagedAttribute(description = "Cycles completed since start")
    public long getCycles() {
        return stats.counters().cycles();
    }

    @ManagedAttribute(description = "Databases whose last attempt failed")
    public int getFailingDatabases() {
        return stats.failing().count();
    }

    @ManagedAttribute(description = "Age in seconds of the oldest change not yet stored")
    public long getOldestUnreplicatedChangeSeconds() {
        return stats.replicationLagSeconds();
    }

    @ManagedAttribute(description = "When the last scan completed (ISO-8601)")
    public String getLastScan() {
        return stats.counters().lastScan();
    }

    @ManagedOperation(description = "Runs a cycle now (after the running one, if any) and returns its summary")
    public String runCycleNow() {
        try (ProducerTemplate template = context.createProducerTemplate()) {
            return template.requestBody("direct:cycle", null, CycleReport.class).summary();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @ManagedOperation(description = "Forces the next cycle to upload this tenant (project/database/branch/tenant), changed or not")
    public String resync(String tenant) throws SQLException {
        String prefix;
        try {
            prefix = ObjectKeys.prefixOf(tenant); // given by its names, stored by its prefix
        } catch (IllegalArgumentException e) {
            return "unknown tenant: " + tenant;
        }
        int shard = states.shardOf(prefix);
        if (!states.held().contains(shard)) {
            // its state is closed here: the member leading the shard has it open
            return "this replicator does not lead the shard of " + tenant + " (" + shard + "): ask the one that does";
        }
        return states.shard(shard).resync(prefix) ? tenant + " will be uploaded by the next cycle" : "unknown tenant: " + tenant;
    }
}
