package io.litefleet.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.litefleet.sample.SampleFleet;
import io.litefleet.testing.Await;
import io.litefleet.testing.FreePort;
import io.litefleet.testing.ReplicatorProcess;
import io.litefleet.testing.Sqlite;
import io.litefleet.testing.TestTarget;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Two replicator processes with {@code litefleet.cluster.service=file} over one fleet, one cluster
 * directory and one shared state directory: exactly one replicates, the other serves /stats and
 * health and holds no file of the state open; after a {@code kill -9} of the leader the other takes
 * over within a lease (well within 60 s) and stores only what changed since.
 */
class ActiveStandbyTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final int TENANTS = 30;
    private static final Map<String, String> FILE_LOCK = Map.of("litefleet.cluster.service", "file",
            "litefleet.cluster.directory", "shared/cluster", "litefleet.cluster.lease", "3s");

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    Path work;
    private final List<Member> members = new ArrayList<>();

    /** One replicator process, its /stats port and its log. */
    private record Member(String name, Process process, int port, Path log) {

        Map<String, Object> stats() throws Exception {
            HttpResponse<String> response = get("/stats");
            assertEquals(200, response.statusCode(), name + " /stats: " + response.body());
            return new ObjectMapper().readValue(response.body(), new TypeReference<>() { });
        }

        HttpResponse<String> get(String path) throws Exception {
            return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** False while its HTTP server does not answer yet. */
        boolean leads() {
            try {
                return Boolean.TRUE.equals(stats().get("leader"));
            } catch (Exception | AssertionError e) {
                return false;
            }
        }

        /** The shards it holds; none while it does not answer (stopped, starting). */
        List<Integer> shards() {
            Object shards = statsOrEmpty().get("shards");
            return shards == null ? List.of() : ((List<?>) shards).stream().map(s -> ((Number) s).intValue()).toList();
        }

        Map<String, Object> statsOrEmpty() {
            try {
                return stats();
            } catch (Exception | AssertionError e) {
                return Map.of("cycles", 0);
            }
        }

        boolean answers() {
            try {
                return stats().containsKey("leader");
            } catch (Exception | AssertionError e) {
                return false;
            }
        }

        /** The files of the state directory this process has open (its descriptors, as /proc shows them). */
        List<String> openStateFiles(Path stateDirectory) throws IOException {
            try (Stream<Path> descriptors = Files.list(Path.of("/proc", String.valueOf(process.pid()), "fd"))) {
                return descriptors.map(fd -> {
                    try {
                        return Files.readSymbolicLink(fd).toString();
                    } catch (IOException e) {
                        return ""; // closed meanwhile
                    }
                }).filter(target -> target.startsWith(stateDirectory.toString()) && target.contains("state.")).toList();
            }
        }
    }

    @AfterEach
    void stopMembers() throws Exception {
        for (Member member : members) {
            member.process().destroyForcibly();
            member.process().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest
    @EnumSource(TestTarget.Kind.class)
    void oneReplicatesAndTheOtherTakesOverAfterAKill9(TestTarget.Kind kind) throws Exception {
        oneReplicatesAndTheOtherTakesOver(kind, FILE_LOCK);
    }

    /** The same pair elected by ZooKeeper (a server in this JVM): a killed leader's session expires after the lease. */
    @Test
    void withZooKeeperOneReplicatesAndTheOtherTakesOverAfterAKill9() throws Exception {
        try (TestingServer zooKeeper = new TestingServer(true)) {
            oneReplicatesAndTheOtherTakesOver(TestTarget.Kind.FILE, zooKeeper(zooKeeper));
        }
    }

    private void oneReplicatesAndTheOtherTakesOver(TestTarget.Kind kind, Map<String, String> cluster) throws Exception {
        List<Path> tenants = SampleFleet.generate(work.resolve("data"), TENANTS, 5);
        Path state = work.resolve("shared/state").toAbsolutePath();
        try (TestTarget target = TestTarget.start(kind, work)) {
            Member a = start("a", target, cluster);
            Member b = start("b", target, cluster);
            Await.until(Duration.ofSeconds(90), "every tenant stored once", () -> newestPerTenant(target).size() == TENANTS);
            Await.until(Duration.ofSeconds(30), "both answer /stats", () -> a.answers() && b.answers());
            Member leader = a.leads() ? a : b;
            Member standby = leader == a ? b : a;
            assertTrue(leader.leads(), "one of them leads");
            assertFalse(standby.leads(), "the other does not");

            // a few more cycles of the leader: nothing changed, nothing more is stored, by either
            long cycles = number(leader.stats(), "cycles");
            Await.until(Duration.ofSeconds(60), "three more cycles", () -> number(leader.stats(), "cycles") >= cycles + 3);
            assertEquals(TENANTS, dataKeys(target).size(), "one object per tenant: " + dataKeys(target));
            Map<String, Object> standbyStats = standby.stats();
            assertEquals(false, standbyStats.get("leader"));
            assertEquals(0L, number(standbyStats, "uploads_success"), "the standby uploaded nothing");
            assertEquals(0L, number(standbyStats, "cycles"), "nor ran a cycle");
            assertEquals(0L, number((Map<?, ?>) standbyStats.get("verify"), "runs"), "nor a restore drill");
            assertTrue(number((Map<?, ?>) leader.stats().get("verify"), "runs") > 0, "the leader runs the drills");
            assertEquals(List.of(), standby.openStateFiles(state), "the standby holds no file of the state open");
            assertFalse(leader.openStateFiles(state).isEmpty(), "the leader does");
            assertTrue(standby.get("/observe/metrics").body().lines().anyMatch(l -> l.matches("litefleet_leader(\\{.*})? 0\\.0")),
                    "the standby's gauge");
            assertTrue(leader.get("/observe/metrics").body().lines().anyMatch(l -> l.matches("litefleet_leader(\\{.*})? 1\\.0")),
                    "the leader's gauge");
            // ready, though it ran no cycle for far longer than three sync intervals: it stands by
            HttpResponse<String> ready = standby.get("/observe/health/ready");
            assertEquals(200, ready.statusCode(), "the standby's readiness: " + ready.body());
            assertEquals(200, standby.get("/observe/health/live").statusCode());

            leader.process().destroyForcibly(); // kill -9: no shutdown hook, the lease just stops being renewed
            assertTrue(leader.process().waitFor(30, TimeUnit.SECONDS));
            long killed = System.nanoTime();
            List<Path> changed = tenants.subList(0, 5);
            for (Path tenant : changed) {
                Sqlite.execute(tenant, "INSERT INTO items (name, qty) VALUES ('after the failover', 1)");
            }

            Await.until(Duration.ofSeconds(90), "the standby stores the 5 changed tenants",
                    () -> dataKeys(target).size() == TENANTS + changed.size());
            Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
            assertTrue(takeover.compareTo(Duration.ofSeconds(60)) < 0, "taken over within 60 s: " + takeover);
            assertTrue(standby.leads(), "the standby leads now");
            long after = number(standby.stats(), "cycles");
            Await.until(Duration.ofSeconds(60), "two more cycles", () -> number(standby.stats(), "cycles") >= after + 2);

            Map<String, Long> perTenant = dataKeys(target).stream()
                    .collect(Collectors.groupingBy(k -> k.substring(0, k.lastIndexOf('/')), TreeMap::new, Collectors.counting()));
            Set<String> changedPrefixes = changed.stream().map(ActiveStandbyTest::prefixOf).collect(Collectors.toSet());
            perTenant.forEach((prefix, objects) -> assertEquals(changedPrefixes.contains(prefix) ? 2L : 1L, objects,
                    prefix + ": only the changed tenants are stored again, once"));
            assertEquals(changed.size(), number(standby.stats(), "uploads_success"), "the new leader uploaded only the changes");
            byte[] newest = target.store().read(newestPerTenant(target).get(prefixOf(changed.get(0)))).orElseThrow();
            Path restored = Sqlite.decompress(new ByteArrayInputStream(newest), work.resolve("restored.db"));
            assertEquals(Sqlite.rows(changed.get(0), "SELECT * FROM items ORDER BY id"),
                    Sqlite.rows(restored, "SELECT * FROM items ORDER BY id"), "the new snapshot holds the change");
        }
    }

    /**
     * A leader that loses its lock while it runs (here: the lock file is deleted, as a volume
     * remounted under it would do) stops leading: it fences, ends its cycle and closes the state.
     * Camel's file lock service then elects one of the two again (the first may reclaim its own
     * leadership); whichever leads reopens the state the other wrote, and when it is killed the
     * other does: each change is stored once, by whoever leads.
     */
    @Test
    void aLeaderThatLosesItsLockStandsDownAndTheStateIsReopenedByTheNext() throws Exception {
        List<Path> tenants = SampleFleet.generate(work.resolve("data"), TENANTS, 5);
        Path state = work.resolve("shared/state").toAbsolutePath();
        try (TestTarget target = TestTarget.start(TestTarget.Kind.FILE, work)) {
            Member a = start("a", target, FILE_LOCK);
            Member b = start("b", target, FILE_LOCK);
            Await.until(Duration.ofSeconds(90), "every tenant stored once", () -> newestPerTenant(target).size() == TENANTS);
            Await.until(Duration.ofSeconds(30), "both answer /stats", () -> a.answers() && b.answers());
            Member first = a.leads() ? a : b;

            Files.delete(work.resolve("shared/cluster/litefleet"));
            Await.until(Duration.ofSeconds(60), "the first stands down and closes the state",
                    () -> Files.readString(first.log()).contains("This replicator stands by for litefleet: its state is closed"));
            String stoodDown = Files.readString(first.log());
            assertTrue(stoodDown.indexOf("no longer leads litefleet: no upload starts") < stoodDown.indexOf("stands by for litefleet"),
                    "fenced before the state closed");
            Await.until(Duration.ofSeconds(60), "one of them leads again", () -> a.leads() || b.leads());
            List<Path> changedFirst = tenants.subList(0, 3);
            for (Path tenant : changedFirst) {
                Sqlite.execute(tenant, "INSERT INTO items (name, qty) VALUES ('after the first stood down', 1)");
            }
            Await.until(Duration.ofSeconds(60), "the 3 changes stored", () -> dataKeys(target).size() == TENANTS + 3);

            Member leader = a.leads() ? a : b;
            Member other = leader == a ? b : a;
            leader.process().destroyForcibly();
            assertTrue(leader.process().waitFor(30, TimeUnit.SECONDS));
            List<Path> changedThen = tenants.subList(3, 5);
            for (Path tenant : changedThen) {
                Sqlite.execute(tenant, "INSERT INTO items (name, qty) VALUES ('under the next leader', 1)");
            }
            Await.until(Duration.ofSeconds(60), "the other stores the 2 changes", () -> dataKeys(target).size() == TENANTS + 5);
            assertTrue(other.leads(), "the other leads");
            assertFalse(other.openStateFiles(state).isEmpty(), "with the state open");
            long cycles = number(other.stats(), "cycles");
            Await.until(Duration.ofSeconds(60), "two more cycles", () -> number(other.stats(), "cycles") >= cycles + 2);

            Map<String, Long> perTenant = dataKeys(target).stream()
                    .collect(Collectors.groupingBy(k -> k.substring(0, k.lastIndexOf('/')), TreeMap::new, Collectors.counting()));
            Set<String> changed = tenants.subList(0, 5).stream().map(ActiveStandbyTest::prefixOf).collect(Collectors.toSet());
            perTenant.forEach((prefix, objects) -> assertEquals(changed.contains(prefix) ? 2L : 1L, objects,
                    prefix + ": each change stored once"));
        }
    }

    /** ZooKeeper's sessions last at least two of its ticks (3 s for Curator's testing server): a 6 s lease. */
    static Map<String, String> zooKeeper(TestingServer server) {
        return Map.of("litefleet.cluster.service", "zookeeper", "litefleet.cluster.zookeeper.nodes", server.getConnectString(),
                "litefleet.cluster.lease", "6s");
    }

    /**
     * Three members over ZooKeeper share six shards: each shard's election is won by one of them,
     * which opens that shard's states (a directory of its own) and replicates its tenants. Every
     * change is stored once, by whoever holds its shard; a member stopped gives its shards to the
     * other two; and no shard is held by two members at once. /stats is sampled all along: a
     * handover can show a shard on both sides of one round (the first was asked before it gave the
     * shard up, the second after it took it), never in two rounds in a row.
     */
    @Test
    void threeMembersShareSixShardsAndAStoppedOnesShardsMoveToTheOthers() throws Exception {
        List<Path> tenants = SampleFleet.generate(work.resolve("data"), TENANTS, 5);
        try (TestingServer zooKeeper = new TestingServer(true); TestTarget target = TestTarget.start(TestTarget.Kind.FILE, work)) {
            Map<String, String> sharded = new HashMap<>(zooKeeper(zooKeeper));
            sharded.put("litefleet.shards", "6");
            List<Member> group = List.of(start("a", target, sharded), start("b", target, sharded), start("c", target, sharded));
            ShardSampler sampler = new ShardSampler(group);
            sampler.start();
            Await.until(Duration.ofSeconds(90), "every tenant stored once", () -> newestPerTenant(target).size() == TENANTS);
            Await.until(Duration.ofSeconds(60), "two shards each", () -> group.stream().allMatch(m -> m.shards().size() == 2));
            assertEquals(TENANTS, dataKeys(target).size(), "each tenant once: " + dataKeys(target));
            for (int shard = 0; shard < 6; shard++) {
                assertTrue(Files.exists(work.resolve("shared/state/shard-" + shard + "-of-6/file/state.db")), "shard " + shard + "'s own state");
            }

            List<Path> changedFirst = tenants.subList(0, 6);
            for (Path tenant : changedFirst) {
                Sqlite.execute(tenant, "INSERT INTO items (name, qty) VALUES ('while three', 1)");
            }
            Await.until(Duration.ofSeconds(60), "the 6 changes stored", () -> dataKeys(target).size() == TENANTS + 6);

            Member stopped = group.stream().filter(m -> !m.shards().isEmpty()).findFirst().orElseThrow();
            List<Member> others = group.stream().filter(m -> m != stopped).toList();
            stopped.process().destroy(); // SIGTERM: it ends its cycle and leaves its elections
            assertTrue(stopped.process().waitFor(60, TimeUnit.SECONDS));
            Await.until(Duration.ofSeconds(60), "the other two hold three shards each", () -> others.stream()
                    .allMatch(m -> m.shards().size() == 3));
            assertEquals(Set.of(0, 1, 2, 3, 4, 5), others.stream().flatMap(m -> m.shards().stream()).collect(Collectors.toSet()));
            List<Path> changedThen = tenants.subList(6, 18);
            for (Path tenant : changedThen) {
                Sqlite.execute(tenant, "INSERT INTO items (name, qty) VALUES ('after one stopped', 1)");
            }
            Await.until(Duration.ofSeconds(60), "the 12 changes stored", () -> dataKeys(target).size() == TENANTS + 18);
            long cycles = others.stream().mapToLong(m -> number(m.statsOrEmpty(), "cycles")).sum();
            Await.until(Duration.ofSeconds(60), "a few more cycles",
                    () -> others.stream().mapToLong(m -> number(m.statsOrEmpty(), "cycles")).sum() >= cycles + 4);
            sampler.stop();

            Map<String, Long> perTenant = dataKeys(target).stream()
                    .collect(Collectors.groupingBy(k -> k.substring(0, k.lastIndexOf('/')), TreeMap::new, Collectors.counting()));
            Set<String> changed = tenants.subList(0, 18).stream().map(ActiveStandbyTest::prefixOf).collect(Collectors.toSet());
            assertEquals(TENANTS, perTenant.size());
            perTenant.forEach((prefix, objects) -> assertEquals(changed.contains(prefix) ? 2L : 1L, objects,
                    prefix + ": stored once per change"));
            assertEquals(List.of(), sampler.heldTwice(), "no shard held by two members in two rounds in a row");
            assertTrue(sampler.rounds() > 20, "sampled all along: " + sampler.rounds() + " rounds");
        }
    }

    /** Asks every member for its shards, round after round, on a thread of its own. */
    private static final class ShardSampler {
        private final List<Member> members;
        private final Thread thread = new Thread(this::run, "shard-sampler");
        private final List<String> heldTwice = new CopyOnWriteArrayList<>();
        private volatile int rounds;
        private volatile boolean running = true;

        ShardSampler(List<Member> members) {
            this.members = members;
        }

        void start() {
            thread.setDaemon(true);
            thread.start();
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(10_000);
        }

        private void run() {
            Set<String> before = Set.of();
            while (running) {
                Map<Integer, Set<String>> holders = new TreeMap<>();
                for (Member member : members) {
                    member.shards().forEach(shard -> holders.computeIfAbsent(shard, s -> new TreeSet<>()).add(member.name()));
                }
                Set<String> twice = holders.entrySet().stream().filter(e -> e.getValue().size() > 1)
                        .map(e -> "shard " + e.getKey() + " held by " + e.getValue()).collect(Collectors.toSet());
                twice.stream().filter(before::contains).forEach(heldTwice::add);
                before = twice;
                rounds++;
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        List<String> heldTwice() {
            return List.copyOf(heldTwice);
        }

        int rounds() {
            return rounds;
        }
    }

    private Member start(String name, TestTarget target, Map<String, String> cluster) throws IOException {
        int port = FreePort.pick();
        Path log = work.resolve(name + ".log");
        Map<String, String> settings = new HashMap<>(cluster);
        settings.putAll(Map.of(
                "litefleet.state-directory", "shared/state",
                "litefleet.sync-interval", "1s",
                "litefleet.verify.interval", "2s",
                "litefleet.verify.sample", "3",
                "litefleet.max-concurrent-uploads", "4",
                "camel.server.port", String.valueOf(port)));
        Map<String, String> properties = target.properties(settings);
        Process process = ReplicatorProcess.start(work, properties, log, List.of(), "replicate");
        Member member = new Member(name, process, port, log);
        members.add(member);
        return member;
    }

    /** The newest object of each tenant, by its prefix. */
    private static Map<String, String> newestPerTenant(TestTarget target) throws Exception {
        Map<String, String> newest = new TreeMap<>();
        for (String key : dataKeys(target)) {
            newest.merge(key.substring(0, key.lastIndexOf('/')), key, (x, y) -> x.compareTo(y) > 0 ? x : y);
        }
        return newest;
    }

    /** The snapshots on the target (not LiteFleet's own objects under .litefleet/). */
    private static List<String> dataKeys(TestTarget target) throws Exception {
        return target.keys().stream().filter(k -> !k.startsWith(".litefleet/")).toList();
    }

    private static long number(Map<?, ?> json, String field) {
        return ((Number) json.get(field)).longValue();
    }

    private static String prefixOf(Path tenant) {
        Path branch = tenant.getParent().getParent();
        Path database = branch.getParent().getParent();
        Path project = database.getParent().getParent();
        return project.getFileName() + "/" + database.getFileName() + "/" + branch.getFileName() + "/"
                + tenant.getFileName().toString().replace(".db", "");
    }
}
