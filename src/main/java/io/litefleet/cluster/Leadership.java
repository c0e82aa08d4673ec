package io.litefleet.cluster;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import io.litefleet.discovery.FleetScanner;
import io.litefleet.model.Messages;
import io.litefleet.state.ShardedStates;
import org.apache.camel.CamelContext;
import org.apache.camel.NamedNode;
import org.apache.camel.Route;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterMember;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.spi.RoutePolicyFactory;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's routes (the cycle's trigger and the cycle, the restore drills: everything that
 * writes) run on one member of a cluster at a time, the one Camel's cluster service elects for
 * {@code namespace}. Camel's {@code ClusteredRoutePolicy} starts and stops routes on leadership, but
 * offers no step between the election and the routes: here the replication state must be opened
 * before the first cycle and closed only after the last upload ended. So this listens to the same
 * view's leadership events and, on a thread of its own (the cluster service's must go on renewing
 * the lease while a cycle ends), in this order:
 * <ul>
 * <li>elected: takes the {@link LeaderResources} (waiting while the previous leader still holds the
 * state directory's lock, as it finishes its last uploads), then starts the routes;</li>
 * <li>not elected any more: fences (no upload starts from now on), stops the routes (the cycle in
 * progress ends, its uploads in flight record, within {@code litefleet.shutdown-timeout}), then
 * releases the resources.</li>
 * </ul>
 * As a route policy factory it keeps those routes from starting with Camel, as
 * {@code ClusteredRoutePolicy} does. The coordination itself is the cluster service's: the lease,
 * the lock, the election. One instance leads one namespace with its own resources: with
 * {@code litefleet.shards} above 1, one shard of the fleet, whose states it opens and whose tenants
 * the member's cycle then replicates (the cycle itself runs on every member, over the shards each holds).
 */
public final class Leadership extends ServiceSupport implements CamelClusterEventListener.Leadership, RoutePolicyFactory {

    /** Named in full: inside this class, {@code Leadership} is also the listener interface it implements. */
    private static final Logger LOG = LoggerFactory.getLogger(io.litefleet.cluster.Leadership.class);

    private final CamelContext context;
    private final CamelClusterService service;
    private final String namespace;
    /** The shard it leads, and where this member's shards are held. */
    private final int shard;
    private final ShardedStates shards;
    private final Consumer<Runnable> betweenCycles;
    private final List<String> routeIds;
    private final LeaderResources resources;
    private final FleetScanner scanner;
    private final Duration retry;
    /** The routes to start when leading: those that would start on their own without a cluster. */
    private final Set<String> autoStartup = ConcurrentHashMap.newKeySet();
    private final RoutePolicy policy = new RoutePolicySupport() {
        @Override
        public void onInit(Route route) {
            if (route.isAutoStartup()) {
                autoStartup.add(route.getId());
            }
            if (!(context.isStarted() && leading)) {
                route.setAutoStartup(false);
            }
        }
    };
    private ScheduledExecutorService executor;
    private CamelClusterView view;
    private volatile boolean leading;
    /** Left the election to hand the shard over (see {@link #handOver()}): when it stands again (nanoTime), 0 while it stands. */
    private long rejoinAt;

    /**
     * @param shard         the shard of {@code shards} it leads (0 of 1 unless sharded)
     * @param betweenCycles runs a step after the cycle in progress, before the next (see {@code CycleGuard})
     * @param routeIds      the leader's routes, started in this order and stopped in the reverse order
     * @param retry         how long to wait before trying again to take the resources
     */
    public Leadership(CamelContext context, CamelClusterService service, String namespace, int shard, ShardedStates shards,
            Consumer<Runnable> betweenCycles, List<String> routeIds, LeaderResources resources, FleetScanner scanner, Duration retry) {
        this.context = context;
        this.service = service;
        this.namespace = namespace;
        this.shard = shard;
        this.shards = shards;
        this.betweenCycles = betweenCycles;
        this.routeIds = List.copyOf(routeIds);
        this.resources = resources;
        this.scanner = scanner;
        this.retry = retry;
    }

    /**
     * Whether this member leads its shard: false from the first moment it stands down, while the
     * cycle in flight still ends and the state is still open (see {@link #standDown}).
     */
    public boolean leads() {
        return leading;
    }

    public int shard() {
        return shard;
    }

    @Override
    public RoutePolicy createRoutePolicy(CamelContext camelContext, String routeId, NamedNode route) {
        return routeIds.contains(routeId) ? policy : null;
    }

    @Override
    public void leadershipChanged(CamelClusterView changed, CamelClusterMember leader) {
        if (executor != null) {
            executor.execute(this::follow);
        }
    }

    @Override
    protected void doStart() throws Exception {
        executor = context.getExecutorServiceManager().newSingleThreadScheduledExecutor(this, "Leadership");
        view = service.getView(namespace);
        view.addEventListener(this);
        // and looks again every retry: ZooKeeper's view tells of a lost leadership while its own
        // flag still says leader (Curator clears it only after the listener returned)
        executor.scheduleWithFixedDelay(this::follow, retry.toMillis(), retry.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    protected void doStop() throws Exception {
        view.removeEventListener(this);
        context.getExecutorServiceManager().shutdownGraceful(executor, retry.toMillis());
        executor = null;
        // the routes were stopped with the context, gracefully
        leading = false;
        shards.release(shard);
        resources.release();
    }

    /** Does what the election says: lead, stand down, hand a shard beyond its share over, or nothing. */
    private synchronized void follow() {
        if (!isRunAllowed() || context.isStopping()) {
            return;
        }
        if (rejoinAt != 0) {
            if (System.nanoTime() - rejoinAt >= 0) {
                rejoin();
            }
            return;
        }
        boolean elected = view.getLocalMember().isLeader();
        if (elected != leading) {
            if (elected) {
                lead();
            } else {
                standDown();
            }
        } else if (leading && overShare()) {
            handOver();
        }
    }

    /**
     * Whether this member leads more shards than its share, {@code ceil(K / members)}, and this is
     * the last of them: the first member to start wins every election, so a sharded group spreads
     * only when each gives its surplus up. Members as the election counts them: ZooKeeper's lists
     * every member standing; the file lock service's knows of none but itself, so it never spreads.
     */
    private boolean overShare() {
        List<Integer> held = shards.held();
        if (held.size() <= 1 || held.get(held.size() - 1) != shard) {
            return false;
        }
        int members = view.getMembers().size();
        return members > 1 && held.size() > (shards.count() + members - 1) / members;
    }

    /**
     * Stands down and leaves the election, so the next member in line is elected; stands again a
     * retry later (at once, the election's own thread could still be ending), last in line.
     */
    private void handOver() {
        LOG.info("This replicator leads {} of the {} shards, more than its share among {} members: hands {} over",
                shards.held().size(), shards.count(), view.getMembers().size(), namespace);
        standDown();
        try {
            service.stopView(namespace);
        } catch (Exception e) {
            LOG.warn("Cannot leave the election of {}: {}", namespace, Messages.oneLine(e.getMessage()));
        }
        rejoinAt = System.nanoTime() + retry.toNanos();
    }

    private void rejoin() {
        try {
            service.startView(namespace);
            rejoinAt = 0;
        } catch (Exception e) {
            LOG.warn("Cannot stand in the election of {} again: {}; trying again every {} ms", namespace,
                    Messages.oneLine(e.getMessage()), retry.toMillis());
        }
    }

    private void lead() {
        String refused = null;
        while (true) {
            if (!view.getLocalMember().isLeader() || !isRunAllowed() || context.isStopping()) {
                return;
            }
            try {
                resources.take();
                break;
            } catch (RuntimeException e) {
                // the previous leader is still finishing its last uploads, or the volume is not there
                String reason = Messages.oneLine(e.getMessage());
                if (!reason.equals(refused)) {
                    LOG.warn("Elected leader of {}, but cannot take the replication state yet ({}); trying again every {} ms",
                            namespace, reason, retry.toMillis());
                    refused = reason;
                }
                if (!sleep(retry)) {
                    return;
                }
            }
        }
        // elected while Camel was still starting: the routes start with it, or after it
        while (!context.isStarted()) {
            if (context.isStopping() || !sleep(Duration.ofMillis(100))) {
                resources.release();
                return;
            }
        }
        // the state may have changed under another leader: look at every database again
        scanner.walkWholeFleetNext();
        shards.hold(shard);
        leading = true;
        for (String id : routeIds) {
            if (autoStartup.contains(id)) {
                try {
                    context.getRouteController().startRoute(id);
                } catch (Exception e) {
                    LOG.error("Leader of {}, but route {} does not start: {}", namespace, id, Messages.oneLine(e.getMessage()));
                }
            }
        }
        LOG.info("This replicator leads {} now: it replicates", namespace);
    }

    /** False when interrupted (the context stops). */
    private static boolean sleep(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void standDown() {
        leading = false;
        resources.fence();
        LOG.warn("This replicator no longer leads {}: no upload starts; the uploads in flight end, then the state closes", namespace);
        for (int i = routeIds.size() - 1; i >= 0; i--) {
            String id = routeIds.get(i);
            try {
                context.getRouteController().stopRoute(id);
            } catch (Exception e) {
                LOG.error("Stopping route {}: {}", id, Messages.oneLine(e.getMessage()));
            }
        }
        // a sharded member's cycle goes on for its other shards: this one's states close once it ended
        betweenCycles.accept(() -> shards.release(shard));
        resources.release();
        LOG.info("This replicator stands by for {}: its state is closed", namespace);
    }
}
