package io.litefleet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import javax.management.ObjectName;
import javax.sql.DataSource;

import io.litefleet.cluster.LeaderResources;
import io.litefleet.cluster.Leadership;
import io.litefleet.compression.FrameWriter;
import io.litefleet.cycle.CycleGuard;
import io.litefleet.cycle.Failures;
import io.litefleet.cycle.ReplicationOutcome;
import io.litefleet.cycle.ReplicationTarget;
import io.litefleet.cycle.ReplicatorMBean;
import io.litefleet.cycle.TargetBreaker;
import io.litefleet.cycle.TargetRoutes;
import io.litefleet.cycle.Targets;
import io.litefleet.cycle.UploadGate;
import io.litefleet.discovery.DirectoryWatcher;
import io.litefleet.discovery.FleetScanner;
import io.litefleet.encryption.AgeIdentities;
import io.litefleet.encryption.AgeRecipients;
import io.litefleet.restore.SnapshotRestorer;
import io.litefleet.retention.Retention;
import io.litefleet.settings.LiteFleetSettings.ClusterSettings;
import io.litefleet.settings.LiteFleetSettings;
import io.litefleet.settings.WritableDirectory;
import io.litefleet.snapshot.SnapshotClock;
import io.litefleet.snapshot.SnapshotTaker;
import io.litefleet.snapshot.SqliteSnapshotter;
import io.litefleet.snapshot.TemporaryFiles;
import io.litefleet.snapshot.TemporarySnapshots;
import io.litefleet.state.ReplicationState;
import io.litefleet.state.ReplicationStates;
import io.litefleet.state.ShardedStates;
import io.litefleet.stats.LiteFleetMetrics;
import io.litefleet.stats.ReadinessCheck;
import io.litefleet.stats.ReplicationStats;
import io.litefleet.stats.S3RequestCounter;
import io.litefleet.stats.StatsEndpoint;
import io.litefleet.stats.TargetStatus;
import io.litefleet.stats.VerifyStats;
import io.litefleet.storage.FileTarget;
import io.litefleet.storage.OwnerMarker;
import io.litefleet.storage.S3ClientFactory;
import io.litefleet.storage.S3Target;
import io.litefleet.storage.StoredObjectCheck;
import io.litefleet.storage.Target;
import io.litefleet.storage.TargetKind;
import io.litefleet.storage.TargetOwner;
import io.litefleet.verify.SnapshotCheck;
import io.litefleet.verify.TargetVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.apache.camel.component.zookeeper.cluster.ZooKeeperClusterService;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.camel.util.TimeUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Validates the {@code litefleet.*} settings and binds the beans the YAML routes refer to by name.
 * Runs before the routes are created, so a configuration mistake stops start-up before anything runs.
 */
public final class LiteFleetConfiguration implements CamelConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(LiteFleetConfiguration.class);

    /** The cluster service's namespace of the leader's routes (one per shard, once the fleet is sharded). */
    private static final String CLUSTER_NAMESPACE = "litefleet";

    private final Clock clock;

    /** @param clock the wall clock (see {@link LiteFleetApplication}) */
    public LiteFleetConfiguration(Clock clock) {
        this.clock = clock;
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        LiteFleetSettings settings = LiteFleetProperties.settings(context.getPropertiesComponent());
        context.getPropertiesComponent().addPropertiesFunction(new MillisPropertiesFunction());
        // what the replicator needs from the machine, checked before anything starts
        LiteFleetProperties.statsServer(context.getPropertiesComponent()).ifPresent(StatsServer::checkAvailable);
        WritableDirectory.check(settings.stateDirectory(), LiteFleetSettings.PREFIX + "state-directory");
        if (settings.targets().contains(TargetKind.FILE)) {
            WritableDirectory.check(settings.fileDirectory(), LiteFleetSettings.PREFIX + "file.directory");
        }
        ClusterSettings cluster = settings.cluster();
        if (cluster.directory().isPresent()) {
            WritableDirectory.check(cluster.directory().get(), LiteFleetSettings.PREFIX + "cluster.directory");
        }

        int shardCount = cluster.shards();
        List<ReplicationStates> shardStates = new ArrayList<>();
        for (int shard = 0; shard < shardCount; shard++) {
            ReplicationStates states = closedStates(settings, ShardedStates.directory(settings.stateDirectory(), shard, shardCount));
            context.getRegistry().bind("replicationStates" + suffix(shard, shardCount), ReplicationStates.class, states, null, "close");
            shardStates.add(states);
        }
        // the only replicator holds its one shard from the start; a member of a cluster each shard it leads
        ShardedStates states = cluster.enabled() ? ShardedStates.of(shardStates) : ShardedStates.single(shardStates.get(0));
        TemporarySnapshots temporary = new TemporarySnapshots(settings.temporaryDirectory(),
                List.of(SqliteSnapshotter.TEMPORARY_PREFIX, FrameWriter.TEMPORARY_PREFIX, SnapshotCheck.TEMPORARY_PREFIX));
        Optional<FileTarget> fileTarget = settings.targets().contains(TargetKind.FILE)
                ? Optional.of(new FileTarget(settings.fileDirectory())) : Optional.empty();
        List<LeaderResources> resources = new ArrayList<>();
        if (shardCount == 1) {
            resources.add(new LeaderResources(shardStates.get(0), temporary, settings, fileTarget));
        } else {
            shardStates.forEach(shard -> resources.add(LeaderResources.ofShard(shard, settings)));
            // this member's own temporary files, written for whichever shards it holds: its to sweep
            context.addService(temporary);
        }
        if (!cluster.enabled()) {
            // the only replicator holds them from start to stop (a member of a cluster while it leads, see Leadership)
            resources.get(0).take();
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    resources.get(0).release();
                }
            });
        }
        S3RequestCounter requests = new S3RequestCounter();
        ReplicationStats stats = new ReplicationStats(clock, requests, settings.requestCosts(), version());
        Registry registry = context.getRegistry();
        Optional<DirectoryWatcher> watcher = settings.watchDirectories() ? DirectoryWatcher.open() : Optional.empty();
        FleetScanner scanner = new FleetScanner(settings.discoveryPattern(), settings.pathTemplate(), states,
                stats, watcher, settings.fullScanInterval(), settings.maxDatabasesPerCycle());
        registry.bind("fleetScanner", FleetScanner.class, scanner, null, "close");
        boolean drills = drills(settings);
        CycleGuard cycleGuard = new CycleGuard();
        List<Leadership> leaderships = cluster.enabled()
                ? lead(context, cluster, states, resources, scanner, cycleGuard, drills ? settings.targets() : List.of()) : List.of();
        // what /stats, readiness and the leader gauge say: a member that stands down says so at once,
        // though it holds the shard's states until the cycle in flight ends
        Supplier<List<Integer>> leading = cluster.enabled()
                ? () -> leaderships.stream().filter(Leadership::leads).map(Leadership::shard).toList() : states::held;
        BooleanSupplier leads = () -> !leading.get().isEmpty();
        Failures failures = new Failures(stats);
        registry.bind("failures", failures);
        VerifyStats verifyStats = new VerifyStats(clock);
        Map<TargetKind, Target> targetStores = new LinkedHashMap<>();
        Map<TargetKind, TargetBreaker> breakers = new LinkedHashMap<>();
        for (TargetKind kind : settings.targets()) {
            Target store = store(kind, settings, fileTarget, requests, registry);
            // deletes go through the store, which checks every key's outcome (Camel's deleteObjects does not)
            registry.bind("target-" + kind.id(), store);
            targetStores.put(kind, store);
            breakers.put(kind, new TargetBreaker(kind.id(), settings.maxConsecutiveFailures()));
        }
        List<List<ReplicationTarget>> targets = new ArrayList<>();
        List<List<TargetStatus>> statuses = new ArrayList<>();
        Map<String, String> routeTargets = new LinkedHashMap<>();
        for (int shard = 0; shard < shardCount; shard++) {
            List<ReplicationTarget> shardTargets = new ArrayList<>();
            List<TargetStatus> shardStatuses = new ArrayList<>();
            Path stateDirectory = ShardedStates.directory(settings.stateDirectory(), shard, shardCount);
            for (int i = 0; i < settings.targets().size(); i++) {
                TargetKind kind = settings.targets().get(i);
                // the routes and beans of this shard's target: direct:replicate-to-file, or -file-shard3
                String name = kind.id() + suffix(shard, shardCount);
                routeTargets.put(name, kind.id());
                ReplicationState state = states.shard(shard).all().get(i);
                Target store = targetStores.get(kind);
                // the state directory as the lock covers it, as a single-target version wrote it in its markers
                TargetOwner owner = new TargetOwner(store, OwnerMarker.shardKey(shard, shardCount), state::id, cluster.enabled(),
                        stateDirectory.toAbsolutePath().toString(), settings.syncInterval(), clock);
                TargetBreaker breaker = breakers.get(kind);
                ReplicationOutcome outcome = new ReplicationOutcome(kind.id(), state, stats, breaker, failures);
                registry.bind("replicationOutcome-" + name, outcome);
                registry.bind("retention-" + name, new Retention(settings.retention(), state));
                shardTargets.add(new ReplicationTarget(name, state, owner, new UploadGate(state, owner), breaker, outcome));
                if (drills) {
                    // the drill's route reads and writes the state's tenant table through camel-jdbc
                    registry.bind("state-" + name, DataSource.class, stateDataSource(state));
                    SnapshotRestorer restorer = new SnapshotRestorer(store, settings.verify().identity());
                    registry.bind("verifier-" + name, new TargetVerifier(kind.id(), state,
                            new SnapshotCheck(restorer, settings.temporaryDirectory()), verifyStats, clock));
                }
                shardStatuses.add(new TargetStatus(name, state, owner));
            }
            targets.add(shardTargets);
            statuses.add(shardStatuses);
        }
        registry.bind("targets", new Targets(targets, states::held, stats));
        // one thread per target for each database in flight: a hung target delays no other's store
        ExecutorService stores = context.getExecutorServiceManager()
                .newFixedThreadPool(this, "targetStores", settings.maxConcurrentUploads() * settings.targets().size());
        registry.bind("targetStores", ExecutorService.class, stores);
        // the drills' own few threads: they never take an upload's
        ExecutorService verifyThreads = context.getExecutorServiceManager()
                .newFixedThreadPool(this, "verifyThreads", settings.verify().parallelism());
        registry.bind("verifyThreads", ExecutorService.class, verifyThreads);
        // Stopped with the context, past the shutdown timeout: interrupts the stores and checks still
        // hanging, as Camel does for the pools of its own routes (a referenced pool it would only await)
        context.addService(new ServiceSupport() {
            @Override
            protected void doStop() {
                stores.shutdownNow();
                verifyThreads.shutdownNow();
            }
        });
        registry.bind("targetRoutes", new TargetRoutes(routeTargets, drills));
        registry.bind("replicationStats", stats);
        // a member shows the targets of the shards it holds (holding none, those of the first, closed)
        Supplier<List<TargetStatus>> shown = () -> {
            List<TargetStatus> held = states.held().stream().flatMap(shard -> statuses.get(shard).stream()).toList();
            return held.isEmpty() ? statuses.get(0) : held;
        };
        registry.bind("statsEndpoint", new StatsEndpoint(stats, verifyStats, shown, leads, leading,
                prefix -> leading.get().contains(states.shardOf(prefix))));
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health != null) {
            health.register(new ReadinessCheck(stats, settings.syncInterval(), shown, leads));
        }
        registry.bind("snapshotTaker", new SnapshotTaker(
                new SqliteSnapshotter(settings.temporaryDirectory(), settings.busyTimeout()), new SnapshotClock(clock, states)));
        registry.bind("frameWriter", new FrameWriter(settings.temporaryDirectory(), settings.encryption(),
                settings.targets().contains(TargetKind.S3)));
        registry.bind("temporaryFiles", new TemporaryFiles());
        registry.bind("cycleGuard", cycleGuard);
        ReplicatorMBean replicator = new ReplicatorMBean(context, stats, states);
        context.addStartupListener((started, alreadyStarted) -> {
            if (alreadyStarted) {
                return; // routes added while running (litefleet.routes-reload): all of this is done
            }
            // after camel-main applied its own default
            started.getShutdownStrategy().setTimeUnit(TimeUnit.MILLISECONDS);
            started.getShutdownStrategy().setTimeout(settings.shutdownTimeout().toMillis());
            registerMBean(started, replicator);
            // Camel's metrics service creates its Prometheus registry while starting
            MeterRegistry meters = started.getRegistry().findSingleByType(MeterRegistry.class);
            if (meters != null) {
                LiteFleetMetrics.bind(meters, stats, verifyStats, leads);
            }
        });

        LOG.info("Replicating {} to {} every {}, {} at a time{}", settings.discoveryPattern(), String.join(" and ",
                settings.targets().stream().map(t -> t == TargetKind.S3 ? settings.s3().orElseThrow().toString()
                        : "directory " + settings.fileDirectory().toAbsolutePath()).toList()),
                TimeUtils.printDuration(settings.syncInterval(), false), settings.maxConcurrentUploads(),
                settings.encryption().map(e -> ", encrypted to " + e).orElse(""));
    }

    private static void registerMBean(CamelContext context, ReplicatorMBean replicator) throws Exception {
        if (context.getManagementStrategy().getManagementAgent() != null) {
            context.getManagementStrategy().getManagementAgent().register(replicator, new ObjectName(
                    "org.apache.camel:context=" + context.getName() + ",type=services,name=Replicator"));
        }
    }

    /** From the jar's manifest; classes run from a build directory have none. */
    public static String version() {
        String version = LiteFleetConfiguration.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    /**
     * The leader's routes run on this replicator only while Camel's cluster service elects it (see
     * {@link Leadership}): the cycle's trigger, the cycle (also started over JMX), each target's drill.
     * A sharded group holds an election per shard: a member runs its cycle all along, over the
     * shards it leads, and each shard's drills while it leads that shard.
     */
    private static List<Leadership> lead(CamelContext context, ClusterSettings cluster, ShardedStates states, List<LeaderResources> resources,
            FleetScanner scanner, CycleGuard cycleGuard, List<TargetKind> drilled) throws Exception {
        CamelClusterService service = clusterService(cluster);
        context.addService(service);
        int count = states.count();
        List<Leadership> leaderships = new ArrayList<>();
        for (int shard = 0; shard < count; shard++) {
            // the cycle before its trigger, so the first firing finds it; stopped the other way round
            List<String> routes = new ArrayList<>(count == 1 ? List.of("replication-cycle", "replication-trigger") : List.of());
            String suffix = suffix(shard, count);
            drilled.forEach(target -> routes.add("verify-" + target.id() + suffix));
            String namespace = CLUSTER_NAMESPACE + (count == 1 ? "" : "-shard-" + shard + "-of-" + count);
            Leadership leadership = new Leadership(context, service, namespace, shard, states, cycleGuard::between, routes,
                    resources.get(shard), scanner, Duration.ofSeconds(1));
            context.addRoutePolicyFactory(leadership);
            context.addService(leadership);
            leaderships.add(leadership);
        }
        LOG.info("One of a cluster ({}, lease {}{}): replicates only while elected leader", cluster.directory()
                .map(d -> "lock in " + d.toAbsolutePath()).orElseGet(() -> "ZooKeeper " + cluster.zookeeperNodes().orElseThrow()
                        + cluster.zookeeperBasePath()), TimeUtils.printDuration(cluster.lease(), false),
                count == 1 ? "" : ", " + count + " shards, each led by one member");
        return leaderships;
    }

    /** What tells a shard's routes, beans and directories apart: nothing with one shard, as before shards. */
    private static String suffix(int shard, int count) {
        return count == 1 ? "" : "-shard" + shard;
    }

    /** Camel's own cluster service: the coordination (lease, lock, election) is all theirs. */
    private static CamelClusterService clusterService(ClusterSettings cluster) {
        if (cluster.service() == ClusterSettings.ClusterService.ZOOKEEPER) {
            ZooKeeperClusterService service = new ZooKeeperClusterService();
            // the members of one election tell each other apart by it
            service.setId(ClusterSettings.MEMBER);
            service.setNodes(cluster.zookeeperNodes().orElseThrow());
            service.setBasePath(cluster.zookeeperBasePath());
            // a leader whose session expired (killed, frozen, cut off) loses its election; cut off,
            // Curator suspends its leadership earlier, when the connection is lost (see README)
            service.setSessionTimeout(cluster.lease().toMillis());
            service.setConnectTimeout(cluster.lease().toMillis());
            return service;
        }
        FileLockClusterService service = new FileLockClusterService();
        service.setId(CLUSTER_NAMESPACE);
        service.setRoot(cluster.directory().orElseThrow().toAbsolutePath().toString());
        // renewed LEASE_PARTS times per lease; a leader whose renewals stopped for a lease is replaced
        long renewal = Math.max(1, cluster.lease().toMillis() / LiteFleetSettings.LEASE_PARTS);
        service.setAcquireLockInterval(renewal, TimeUnit.MILLISECONDS);
        service.setAcquireLockDelay(renewal, TimeUnit.MILLISECONDS);
        service.setHeartbeatTimeoutMultiplier(LiteFleetSettings.LEASE_PARTS);
        return service;
    }

    /** The target's store; an S3 client is bound for the {@code store-s3} route, which PUTs through it. */
    private static Target store(TargetKind kind, LiteFleetSettings settings, Optional<FileTarget> fileTarget,
            S3RequestCounter requests, Registry registry) {
        if (kind == TargetKind.FILE) {
            return fileTarget.orElseThrow();
        }
        S3Client client = S3ClientFactory.create(settings.s3().orElseThrow(), settings.maxConcurrentUploads(), requests);
        registry.bind("s3Client", S3Client.class, client, null, "close");
        S3Target store = new S3Target(client, settings.s3().get().bucket());
        registry.bind("storedObjectCheck", new StoredObjectCheck(settings.s3().get().encryption(), store));
        return store;
    }

    /** Whether each target gets its restore drill; encrypted snapshots need an identity to be checked. */
    private static boolean drills(LiteFleetSettings settings) {
        if (!settings.verify().enabled()) {
            return false;
        }
        if (settings.encryption().isPresent() && settings.verify().identity().isEmpty()) {
            LOG.info("No restore drills: the snapshots are encrypted and {}verify.age-identity is not set "
                    + "(check them with verify --identity where the key is)", LiteFleetSettings.PREFIX);
            return false;
        }
        if (settings.encryption().isPresent() && !opens(settings.verify().identity().get(), settings.encryption().get())) {
            // else every snapshot checked would pass for damaged, and be stored again each drill
            LOG.warn("No restore drills: {}verify.age-identity {} is the identity of none of {}encryption.age-recipients",
                    LiteFleetSettings.PREFIX, settings.verify().identity().get().file(), LiteFleetSettings.PREFIX);
            return false;
        }
        return true;
    }

    /** Whether {@code identity} opens what is stored now: a sample encrypted to {@code recipients}, as each snapshot is. */
    private static boolean opens(AgeIdentities identity, AgeRecipients recipients) {
        ByteArrayOutputStream sample = new ByteArrayOutputStream();
        try {
            try (OutputStream out = recipients.encrypt(sample)) {
                out.write(1);
            }
            return identity.canDecrypt(sample.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("age encryption in memory failed", e);
        }
    }

    /** Connections of their own to a target's state, which wait for its writer rather than fail. */
    private static DataSource stateDataSource(ReplicationState state) {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout(10_000);
        SQLiteDataSource dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + state.file());
        return dataSource;
    }

    /** Opened by {@link LeaderResources}: at once by the only replicator, when elected by a member of a cluster. */
    private static ReplicationStates closedStates(LiteFleetSettings settings, Path directory) {
        Map<String, String> identities = new LinkedHashMap<>();
        settings.targets().forEach(t -> identities.put(t.id(), settings.targetIdentity(t)));
        return ReplicationStates.closed(directory, identities,
                settings.encryption().map(AgeRecipients::objectForm).orElse(ReplicationState.PLAIN_OBJECTS));
    }

}
