package io.litefleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.litefleet.testing.S3Server;
import io.litefleet.testing.Sqlite;

/**
 * The soak run of {@code bench/soak}: writers commit to WAL databases while the packaged replicator
 * is killed with SIGKILL at random moments and the S3 server is stopped and started again; at the
 * end every tenant must restore to its source's final content, integrity-checked, with no
 * temporary file left anywhere LiteFleet writes. Prints its figures; exits 1 on any mismatch.
 */
public final class Soak {

    private static final Random RANDOM = new Random();

    private Soak() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        Path work = Path.of(options.getOrDefault("--work", "/tmp/litefleet-soak")).toAbsolutePath();
        Duration length = Duration.ofSeconds(Long.parseLong(options.getOrDefault("--seconds", "300")));
        int kills = Integer.parseInt(options.getOrDefault("--kills", "10"));
        int tenants = Integer.parseInt(options.getOrDefault("--tenants", "20"));
        deleteTree(work);
        Path data = work.resolve("data");
        Path javaTmp = Files.createDirectories(work.resolve("java-tmp"));
        System.out.println("LiteFleet soak: " + tenants + " WAL databases, " + kills + " x kill -9, one S3 outage, "
                + length.toSeconds() + " s");
        System.out.println(MachineInfo.describe(work));

        List<Path> databases = new ArrayList<>();
        for (int i = 0; i < tenants; i++) {
            Path db = data.resolve(String.format("acme/databases/orders/branches/main/tenants/t%02d.db", i));
            Files.createDirectories(db.getParent());
            Sqlite.execute(db, "PRAGMA journal_mode=WAL", "CREATE TABLE log (n INTEGER PRIMARY KEY, v TEXT NOT NULL)");
            databases.add(db);
        }
        try (S3Server s3 = S3Server.onDisk(Files.createDirectories(work.resolve("s3")))) {
            Map<String, String> properties = new LinkedHashMap<>(s3.targetProperties());
            properties.put("litefleet.discovery-pattern", data + "/*/databases/*/branches/*/tenants/*.db");
            properties.put("litefleet.state-directory", work.resolve("state").toString());
            properties.put("litefleet.sync-interval", "1s");
            List<String> jvm = List.of("-Xmx256m", "-Djava.io.tmpdir=" + javaTmp);

            Writers writers = new Writers(databases);
            writers.start();
            long start = System.nanoTime();
            List<Long> killAt = new ArrayList<>();
            for (int i = 0; i < kills; i++) {
                killAt.add(length.toNanos() / 10 + (long) (RANDOM.nextDouble() * length.toNanos() * 0.75));
            }
            killAt.sort(null);
            long outageAt = length.toNanos() * 2 / 5;
            long outageEnd = outageAt + Duration.ofSeconds(20).toNanos();
            boolean outageDone = false;
            int incarnation = 0;
            PackagedReplicator replicator = PackagedReplicator.start(work.resolve("run-" + incarnation++), jvm, properties);
            while (System.nanoTime() - start < length.toNanos()) {
                long now = System.nanoTime() - start;
                if (!killAt.isEmpty() && now >= killAt.get(0)) {
                    killAt.remove(0);
                    replicator.kill();
                    System.out.printf(Locale.ROOT, "  %5.1f s  kill -9 of the replicator%n", now / 1e9);
                    Thread.sleep(200 + RANDOM.nextInt(1500));
                    replicator = PackagedReplicator.start(work.resolve("run-" + incarnation++), jvm, properties);
                }
                if (!outageDone && now >= outageAt) {
                    s3.stop();
                    System.out.printf(Locale.ROOT, "  %5.1f s  S3 server stopped%n", now / 1e9);
                    while (System.nanoTime() - start < outageEnd) {
                        Thread.sleep(100);
                    }
                    s3.restart();
                    outageDone = true;
                    System.out.printf(Locale.ROOT, "  %5.1f s  S3 server started again%n", (System.nanoTime() - start) / 1e9);
                }
                if (!replicator.isAlive()) {
                    throw new IllegalStateException("the replicator exited by itself:\n" + replicator.log());
                }
                Thread.sleep(50);
            }
            writers.stop();
            replicator.close();
            // Two cycles after the last write: the first replicates what the last running cycles missed, the
            // second must find nothing left (exit 0 means every changed database was replicated).
            int first = runOnce(work.resolve("run-final-1"), jvm, properties);
            int second = runOnce(work.resolve("run-final-2"), jvm, properties);

            Path restored = work.resolve("restored");
            PackagedReplicator restore = PackagedReplicator.start(work.resolve("run-restore"), jvm, properties,
                    "restore-all", "--to", restored.toString());
            int restoreExit = restore.waitFor(Duration.ofMinutes(5));

            int mismatches = 0;
            for (Path db : databases) {
                Path copy = restored.resolve(data.relativize(db));
                String source = content(db);
                String back = Files.exists(copy) ? content(copy) : "missing";
                String integrity = Files.exists(copy) ? Sqlite.integrityCheck(copy) : "missing";
                if (!source.equals(back) || !integrity.equals("ok")) {
                    mismatches++;
                    System.out.println("  MISMATCH " + data.relativize(db) + ": source " + source + ", restored " + back
                            + ", integrity " + integrity);
                }
            }
            List<Path> leftovers = new ArrayList<>();
            leftovers.addAll(files(javaTmp));
            leftovers.addAll(files(work.resolve("state").resolve("tmp")));
            leftovers.addAll(files(restored).stream().filter(p -> !p.getFileName().toString().endsWith(".db")).toList());
            long snapshots = s3.keys().size();
            long uploads = uploads(work);

            System.out.printf(Locale.ROOT, "%ncommits: %,d over %d databases; replicator processes: %d (%d killed with SIGKILL)%n",
                    writers.commits.get(), tenants, incarnation, kills);
            System.out.printf("final cycles: exit %d then %d (0 = every changed database replicated)%n", first, second);
            System.out.printf("uploads: %,d (every process's cycle lines); snapshots retained at the end: %,d%n", uploads, snapshots);
            System.out.printf("restore-all exit %d; tenants matching their source with integrity_check ok: %d of %d%n",
                    restoreExit, tenants - mismatches, tenants);
            System.out.println("temporary files left: " + leftovers.size() + (leftovers.isEmpty() ? "" : " " + leftovers));
            boolean ok = mismatches == 0 && leftovers.isEmpty() && restoreExit == 0 && second == 0;
            System.out.println(ok ? "SOAK PASSED" : "SOAK FAILED");
            System.exit(ok ? 0 : 1);
        }
    }

    private static int runOnce(Path directory, List<String> jvm, Map<String, String> properties) throws Exception {
        PackagedReplicator once = PackagedReplicator.start(directory, jvm, properties, "replicate", "--once");
        return once.waitFor(Duration.ofMinutes(5));
    }

    /** The uploads the cycle lines of every replicator process report. */
    private static long uploads(Path work) throws IOException {
        Pattern uploaded = Pattern.compile("Cycle \\d+: .*?, (\\d+) uploaded,");
        long total = 0;
        try (Stream<Path> logs = Files.walk(work, 2)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().equals("litefleet.log")).toList()) {
                for (String line : Files.readAllLines(log)) {
                    Matcher m = uploaded.matcher(line);
                    if (m.find()) {
                        total += Long.parseLong(m.group(1));
                    }
                }
            }
        }
        return total;
    }

    /** Everything a database holds, as one comparable line. */
    private static String content(Path db) throws SQLException {
        return String.join(",", Sqlite.rows(db, "SELECT count(*), coalesce(max(n), 0), coalesce(sum(length(v)), 0),"
                + " coalesce(sum(n * length(v)), 0) FROM log"));
    }

    private static List<Path> files(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(directory)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private static void deleteTree(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> walk = Files.walk(directory)) {
                for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i], args[i + 1]);
        }
        return options;
    }

    /** One thread per database, each committing a small transaction every few tens of milliseconds. */
    private static final class Writers {
        private final List<Path> databases;
        private final List<Thread> threads = new ArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        final AtomicLong commits = new AtomicLong();

        Writers(List<Path> databases) {
            this.databases = databases;
        }

        void start() {
            for (Path db : databases) {
                Thread t = new Thread(() -> write(db), "writer-" + db.getFileName());
                t.start();
                threads.add(t);
            }
        }

        private void write(Path db) {
            Random random = new Random();
            try (Connection c = Sqlite.open(db);
                 PreparedStatement insert = c.prepareStatement("INSERT INTO log (v) VALUES (?)");
                 Statement s = c.createStatement()) {
                while (running.get()) {
                    c.setAutoCommit(false);
                    insert.setString(1, "x".repeat(1 + random.nextInt(2000)));
                    insert.executeUpdate();
                    if (random.nextInt(20) == 0) {
                        s.executeUpdate("UPDATE log SET v = v || 'u' WHERE n % 7 = " + random.nextInt(7));
                    }
                    c.commit();
                    commits.incrementAndGet();
                    Thread.sleep(10 + random.nextInt(60));
                }
            } catch (Exception e) {
                throw new IllegalStateException("writer of " + db + " failed", e);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread t : threads) {
                t.join();
            }
        }
    }
}
