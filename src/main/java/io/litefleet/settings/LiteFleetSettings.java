package io.litefleet.settings;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.litefleet.discovery.DiscoveryPattern;
import io.litefleet.encryption.AgeIdentities;
import io.litefleet.encryption.AgeRecipients;
import io.litefleet.model.InvalidSettingException;
import io.litefleet.retention.RetentionPolicy;
import io.litefleet.stats.RequestCosts;
import io.litefleet.storage.FileTarget;
import io.litefleet.storage.PathTemplate;
import io.litefleet.storage.S3Settings;
import io.litefleet.storage.S3Target;
import io.litefleet.storage.ServerSideEncryption;
import io.litefleet.storage.Target;
import io.litefleet.storage.TargetKind;
import org.apache.camel.util.TimeUtils;

/**
 * The validated {@code litefleet.*} configuration. Every value is checked once, at start-up, so a
 * mistake stops LiteFleet with one line naming the property instead of failing a cycle later.
 *
 * @param discoveryPattern     glob of the tenant databases; its wildcards bind the key variables
 * @param pathTemplate         prefix of each tenant, rendered from the pattern's wildcards
 * @param syncInterval         time between cycle starts
 * @param watchDirectories     whether cycles between whole walks list only the directories with file events
 * @param fullScanInterval     the longest time between two whole walks while watching
 * @param maxDatabasesPerCycle the most changed databases one cycle takes (oldest changes first)
 * @param maxConcurrentUploads databases snapshotted and uploaded at once
 * @param targets              where snapshots go: each of them, in the order given (the first is the one
 *                             the reading commands use unless told otherwise)
 * @param fileDirectory        root of the file target
 * @param s3                   the S3 target, present only when {@code targets} has {@code s3}
 * @param stateDirectory       local working state (temporary snapshots live under {@code tmp})
 * @param busyTimeout          how long a snapshot waits for a writer's lock before giving up
 * @param retention            the snapshots to keep; empty when deletion is left to the bucket's lifecycle rules
 * @param requestCosts         S3 request prices, for the cost estimate in /stats
 * @param shutdownTimeout      how long SIGTERM waits for uploads in flight
 * @param maxConsecutiveFailures target failures in a row after which a cycle starts no more uploads
 * @param encryption           the age public keys every object is encrypted to; empty: objects are stored as LZ4 frames
 * @param routesDirectory      YAML route files that replace the packaged ones of the same name or are added to them
 * @param routesReload         whether a route file written there while running is loaded at once (development)
 * @param verify               the restore drills of the running replicator
 * @param cluster              whether this replicator is one of a cluster, which runs the cycle on its leader only
 */
public record LiteFleetSettings(
        DiscoveryPattern discoveryPattern,
        PathTemplate pathTemplate,
        Duration syncInterval,
        boolean watchDirectories,
        Duration fullScanInterval,
        int maxDatabasesPerCycle,
        int maxConcurrentUploads,
        List<TargetKind> targets,
        Path fileDirectory,
        Optional<S3Settings> s3,
        Path stateDirectory,
        Duration busyTimeout,
        Optional<RetentionPolicy> retention,
        RequestCosts requestCosts,
        Duration shutdownTimeout,
        int maxConsecutiveFailures,
        Optional<AgeRecipients> encryption,
        Path routesDirectory,
        boolean routesReload,
        VerifySettings verify,
        ClusterSettings cluster) {

    public static final String PREFIX = "litefleet.";
    /** Read raw: its {{variables}} are not Camel property placeholders. */
    public static final String PATH_TEMPLATE = PREFIX + "path-template";
    /** Read by log4j2.properties as a system property, before any configuration is loaded. */
    public static final String LOG_LEVEL = PREFIX + "log-level";

    /** The longest duration a setting takes: far beyond any use, and far from overflowing in nanoseconds. */
    private static final Duration LONGEST = Duration.ofDays(365);
    /** DNS rules for bucket names: 3-63 lower-case letters, digits, dots and hyphens, a letter or digit at each end. */
    private static final Pattern BUCKET_NAME = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    /** The leader renews its leadership this many times per lease (see {@code io.litefleet.cluster.Leadership}). */
    public static final int LEASE_PARTS = 6;
    private static final Set<String> LOG_LEVELS = Set.of("OFF", "FATAL", "ERROR", "WARN", "INFO", "DEBUG", "TRACE", "ALL");

    /**
     * Restore drills ({@code litefleet.verify.*}): every {@code interval}, the newest snapshots of
     * {@code sample} tenants of each target, those checked longest ago first, are read back and
     * checked as a restore checks them, {@code parallelism} at a time.
     *
     * @param interval zero: no drills
     * @param identity what opens age-encrypted snapshots; without it they cannot be checked here
     */
    public record VerifySettings(Duration interval, int sample, int parallelism, Optional<AgeIdentities> identity) {

        public boolean enabled() {
            return !interval.isZero();
        }
    }

    /**
     * The cluster this replicator is one of ({@code litefleet.cluster.*}): the cycle, and everything
     * that writes, runs on its leader only (see {@code io.litefleet.cluster.Leadership}).
     *
     * @param service           which of Camel's cluster services elects the leader
     * @param directory         the file lock service's directory, shared by every member; empty without it
     * @param lease             how long a leader that stopped renewing its leadership keeps it (with
     *                          ZooKeeper: the session timeout)
     * @param zookeeperNodes    the ZooKeeper ensemble ({@code host:port,...}); empty without it
     * @param zookeeperBasePath the znode under which each namespace holds its election
     * @param shards            {@code litefleet.shards}: how many parts the fleet splits into, each led
     *                          by one member (see {@code io.litefleet.state.ShardedStates}); 1 without a cluster
     */
    public record ClusterSettings(ClusterService service, Optional<Path> directory, Duration lease, Optional<String> zookeeperNodes,
            String zookeeperBasePath, int shards) {

        /** The most shards: each is an election of its own, which a member may hold all of. */
        public static final int MAX_SHARDS = 256;
        /** This process among the members: its host and process id. */
        public static final String MEMBER = hostName() + "-" + ProcessHandle.current().pid();

        /** {@code litefleet.cluster.service}. */
        public enum ClusterService { NONE, FILE, ZOOKEEPER }

        /** Whether this replicator is one of a cluster (or the only replicator, with {@code none}). */
        public boolean enabled() {
            return service != ClusterService.NONE;
        }

        private static String hostName() {
            try {
                return InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                return Optional.ofNullable(System.getenv("HOSTNAME")).orElse("localhost");
            }
        }
    }

    /**
     * Reads and validates the settings.
     *
     * @param  lookup                  the raw (unresolved) value of a property, if set
     * @throws InvalidSettingException naming the first property that is wrong
     */
    public static LiteFleetSettings load(Function<String, Optional<String>> lookup) {
        Properties p = new Properties(lookup);
        DiscoveryPattern pattern = DiscoveryPattern.parse(p.required("discovery-pattern"), PREFIX + "discovery-pattern");
        PathTemplate template = PathTemplate.parse(p.required("path-template"), pattern.variables(), PATH_TEMPLATE);
        Duration interval = p.duration("sync-interval");
        int concurrency = p.positiveInt("max-concurrent-uploads");
        List<TargetKind> targets = p.targets();
        boolean toS3 = targets.contains(TargetKind.S3);
        // checked whatever the targets, so a mistake shows before s3 is added to them
        S3Settings s3 = p.s3(toS3);
        // read by the trigger route and by logging, not by LiteFleet's beans: checked here all the same
        p.bool("schedule-enabled");
        p.logLevel();
        return new LiteFleetSettings(pattern, template, interval, p.bool("watch-directories"), p.duration("full-scan-interval"),
                p.positiveInt("max-databases-per-cycle"), concurrency, targets,
                Path.of(p.required("file.directory")), toS3 ? Optional.of(s3) : Optional.empty(),
                Path.of(p.required("state-directory")),
                p.duration("snapshot.busy-timeout"), p.retention(),
                new RequestCosts(p.price("cost.put-per-1000"), p.price("cost.get-per-1000")), p.duration("shutdown-timeout"),
                p.positiveInt("target.max-consecutive-failures"), p.encryption(), p.routesDirectory(), p.bool("routes-reload"),
                new VerifySettings(p.durationOrOff("verify.interval"), p.positiveInt("verify.sample"), p.positiveInt("verify.parallelism"),
                        p.identity("verify.age-identity")), p.cluster());
    }

    /** {@code 30s}, {@code 500ms}, {@code 1m30s} (Camel's syntax) or ISO-8601 ({@code PT30S}). */
    public static Duration parseDuration(String value) {
        String trimmed = value.trim();
        return trimmed.startsWith("P") || trimmed.startsWith("p") ? Duration.parse(trimmed) : TimeUtils.toDuration(trimmed);
    }

    /**
     * What a target's replication state is valid for: where objects go and how their keys are made.
     * Credentials are not part of it.
     */
    public String targetIdentity(TargetKind target) {
        String where = target == TargetKind.S3
                ? s3.map(s -> "s3://" + s.bucket() + " at " + s.endpoint().map(URI::toString).orElse("AWS " + s.region())).orElseThrow()
                : "file:" + fileDirectory.toAbsolutePath().normalize();
        return where + " with keys " + pathTemplate;
    }

    /** The target a reading command uses: the one named, or the first. */
    public TargetKind target(Optional<String> name) {
        if (name.isEmpty()) {
            return targets.get(0);
        }
        return TargetKind.of(name.get()).filter(targets::contains).orElseThrow(() -> new InvalidSettingException("--target",
                "'" + name.get() + "' is not one of litefleet.target (" + String.join(",", targets.stream().map(TargetKind::id).toList()) + ")"));
    }

    /**
     * Where temporary snapshot files (and spooled compressed streams) are written. The members of a
     * sharded group write at once, each in a directory of its own, so that none sweeps another's
     * files in use.
     */
    public Path temporaryDirectory() {
        Path temporary = stateDirectory.resolve("tmp");
        return cluster.shards() > 1 ? temporary.resolve(ClusterSettings.MEMBER) : temporary;
    }

    /** Typed, validated access to the raw {@code litefleet.*} properties. */
    private record Properties(Function<String, Optional<String>> lookup) {

        String optional(String name) {
            return lookup.apply(PREFIX + name).map(String::trim).orElse("");
        }

        String required(String name) {
            String value = optional(name);
            if (value.isEmpty()) {
                throw new InvalidSettingException(PREFIX + name, "must be set");
            }
            return value;
        }

        Duration duration(String name) {
            String value = required(name);
            Duration duration;
            try {
                duration = parseDuration(value);
            } catch (RuntimeException e) {
                throw new InvalidSettingException(PREFIX + name, "'" + value + "' is not a duration (examples: 30s, 500ms, 5m, PT30S)");
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new InvalidSettingException(PREFIX + name, "'" + value + "' must be longer than zero");
            }
            if (duration.compareTo(LONGEST) > 0) {
                throw new InvalidSettingException(PREFIX + name, "'" + value + "' is too long: at most 365 days");
            }
            // every duration ends up as whole milliseconds (Quartz, SQLite, the shutdown strategy)
            if (duration.compareTo(Duration.ofMillis(1)) < 0) {
                throw new InvalidSettingException(PREFIX + name, "'" + value + "' is shorter than 1 ms");
            }
            return duration;
        }

        /** A duration, or {@code 0} for "never" ({@code -1h}, which Camel reads as zero, is refused). */
        Duration durationOrOff(String name) {
            String value = required(name);
            try {
                if (!value.contains("-") && parseDuration(value).isZero()) {
                    return Duration.ZERO;
                }
            } catch (RuntimeException e) {
                // reported by duration()
            }
            return duration(name);
        }

        int positiveInt(String name) {
            return wholeNumber(name, 1, "a whole number greater than zero");
        }

        int nonNegativeInt(String name) {
            return wholeNumber(name, 0, "a whole number, 0 or more");
        }

        private int wholeNumber(String name, int minimum, String expected) {
            String value = required(name);
            if (value.matches("\\d+") && new BigInteger(value).compareTo(BigInteger.valueOf(Integer.MAX_VALUE)) > 0) {
                throw new InvalidSettingException(PREFIX + name, "'" + value + "' is too large: at most " + Integer.MAX_VALUE);
            }
            try {
                int n = Integer.parseInt(value);
                if (n >= minimum) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new InvalidSettingException(PREFIX + name, "'" + value + "' must be " + expected);
        }

        double price(String name) {
            String value = required(name);
            try {
                double price = Double.parseDouble(value);
                if (price >= 0 && Double.isFinite(price)) {
                    return price;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new InvalidSettingException(PREFIX + name, "'" + value + "' must be a price in dollars, such as 0.005");
        }

        Optional<RetentionPolicy> retention() {
            if (!bool("retention.enabled")) {
                return Optional.empty();
            }
            return Optional.of(new RetentionPolicy(nonNegativeInt("retention.keep-last"), nonNegativeInt("retention.keep-hourly"),
                    nonNegativeInt("retention.keep-daily"), nonNegativeInt("retention.keep-weekly")));
        }

        /**
         * One of {@code values}, exactly as Camel passes it on: the routes read some of these
         * themselves ({@code '{{litefleet.target}}' == 's3'}, {@code autoStartup}).
         */
        private String exact(String name, Set<String> values, String problem) {
            String value = lookup.apply(PREFIX + name).orElse("");
            if (values.contains(value)) {
                return value;
            }
            required(name);
            throw new InvalidSettingException(PREFIX + name, "'" + value + "' " + problem);
        }

        Optional<AgeRecipients> encryption() {
            try {
                return AgeRecipients.parse(optional("encryption.age-recipients"));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(PREFIX + "encryption.age-recipients", e.getMessage());
            }
        }

        /** An age identity file, read at once: a key that cannot be used shows at start-up. Its content is never echoed. */
        Optional<AgeIdentities> identity(String name) {
            String value = optional(name);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            try {
                return Optional.of(AgeIdentities.read(Path.of(value)));
            } catch (IOException e) {
                throw new InvalidSettingException(PREFIX + name, "cannot read " + value + " (" + e.getClass().getSimpleName() + ")");
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingException(PREFIX + name, e.getMessage());
            }
        }

        boolean bool(String name) {
            return exact(name, Set.of("true", "false"), "must be true or false").equals("true");
        }

        /** A comma list of distinct targets, such as {@code s3,file}. */
        List<TargetKind> targets() {
            List<TargetKind> targets = new ArrayList<>();
            for (String id : required("target").split(",", -1)) {
                TargetKind target = TargetKind.of(id.trim()).orElseThrow(() -> new InvalidSettingException(PREFIX + "target",
                        "'" + id.trim() + "' is not a target; use s3, file, or both as s3,file"));
                if (targets.contains(target)) {
                    throw new InvalidSettingException(PREFIX + "target", "names " + target.id() + " twice");
                }
                targets.add(target);
            }
            return List.copyOf(targets);
        }

        /**
         * The syntax of the S3 settings that are set is checked always; what an S3 target requires
         * (a bucket, a region, both keys or neither) only for an S3 target.
         */
        S3Settings s3(boolean isTarget) {
            String bucket = optional("s3.bucket");
            if (bucket.isEmpty() && isTarget) {
                throw new InvalidSettingException(PREFIX + "s3.bucket", "must be set when litefleet.target includes s3");
            }
            if (!bucket.isEmpty() && !BUCKET_NAME.matcher(bucket).matches()) {
                throw new InvalidSettingException(PREFIX + "s3.bucket", "'" + bucket + "' is not an S3 bucket name "
                        + "(3 to 63 lower-case letters, digits, dots and hyphens, starting and ending with a letter or digit)");
            }
            String accessKey = optional("s3.access-key");
            String secretKey = optional("s3.secret-key");
            if (isTarget && accessKey.isEmpty() != secretKey.isEmpty()) {
                throw new InvalidSettingException(PREFIX + (accessKey.isEmpty() ? "s3.access-key" : "s3.secret-key"),
                        "must be set together with " + PREFIX + (accessKey.isEmpty() ? "s3.secret-key" : "s3.access-key"));
            }
            String region = isTarget ? required("s3.region") : optional("s3.region");
            return new S3Settings(bucket, region, endpoint(), bool("s3.force-path-style"), accessKey, secretKey,
                    duration("s3.connect-timeout"), duration("s3.read-timeout"), duration("s3.call-timeout"),
                    S3Settings.Checksums.valueOf(exact("s3.checksums", Set.of("when-required", "when-supported"),
                            "must be when-required or when-supported").toUpperCase(Locale.ROOT).replace('-', '_')),
                    serverSideEncryption());
        }

        /** SSE-S3, SSE-KMS (with an optional key id) or SSE-C; the customer key is never echoed. */
        ServerSideEncryption serverSideEncryption() {
            String mode = exact("s3.sse", Set.of("none", "AES256", "aws:kms"), "is not a server-side encryption; use none, AES256 or aws:kms");
            String kmsKeyId = optional("s3.sse-kms-key-id");
            if (!kmsKeyId.isEmpty() && !mode.equals("aws:kms")) {
                throw new InvalidSettingException(PREFIX + "s3.sse-kms-key-id", "is set but " + PREFIX + "s3.sse is " + mode + ", not aws:kms");
            }
            String customerKey = optional("s3.sse-customer-key");
            if (!customerKey.isEmpty()) {
                if (!mode.equals("none")) {
                    throw new InvalidSettingException(PREFIX + "s3.sse-customer-key", "SSE-C replaces " + PREFIX + "s3.sse, which is "
                            + mode + ": set it to none");
                }
                byte[] key;
                try {
                    key = Base64.getDecoder().decode(customerKey);
                } catch (IllegalArgumentException e) {
                    key = new byte[0];
                }
                if (key.length != 32) {
                    throw new InvalidSettingException(PREFIX + "s3.sse-customer-key",
                            "must be the base64 of a 256-bit key (32 bytes, e.g. from: openssl rand -base64 32)");
                }
                return new ServerSideEncryption(ServerSideEncryption.Mode.CUSTOMER, Optional.empty(), customerKey);
            }
            return switch (mode) {
                case "AES256" -> new ServerSideEncryption(ServerSideEncryption.Mode.AES256, Optional.empty(), "");
                case "aws:kms" -> new ServerSideEncryption(ServerSideEncryption.Mode.KMS,
                        kmsKeyId.isEmpty() ? Optional.empty() : Optional.of(kmsKeyId), "");
                default -> ServerSideEncryption.NONE;
            };
        }

        /** The file lock service needs its directory, ZooKeeper its nodes; Kubernetes is not supported yet. */
        ClusterSettings cluster() {
            String service = exact("cluster.service", Set.of("none", "file", "zookeeper", "kubernetes"),
                    "is not a cluster service; use none, file or zookeeper");
            if (service.equals("kubernetes")) {
                // no Kubernetes API server to test Camel's lease service against: see README, Active/standby pair
                throw new InvalidSettingException(PREFIX + "cluster.service", "'" + service
                        + "' is not supported yet; use none, file or zookeeper");
            }
            Duration lease = duration("cluster.lease");
            String basePath = optional("cluster.zookeeper.base-path");
            if (!basePath.startsWith("/")) {
                throw new InvalidSettingException(PREFIX + "cluster.zookeeper.base-path", "'" + basePath + "' does not start with /");
            }
            if (basePath.length() > 1 && basePath.endsWith("/")) {
                throw new InvalidSettingException(PREFIX + "cluster.zookeeper.base-path", "'" + basePath + "' ends with /");
            }
            int shards = positiveInt("shards");
            if (shards > ClusterSettings.MAX_SHARDS) {
                throw new InvalidSettingException(PREFIX + "shards", "'" + shards + "' is more than " + ClusterSettings.MAX_SHARDS);
            }
            if (service.equals("none")) {
                if (shards > 1) {
                    // one replicator would hold every shard: K states and K drills for nothing
                    throw new InvalidSettingException(PREFIX + "shards", shards + " shards need a cluster service ("
                            + PREFIX + "cluster.service file or zookeeper); one replicator alone replicates with 1");
                }
                return new ClusterSettings(ClusterSettings.ClusterService.NONE, Optional.empty(), lease, Optional.empty(), basePath, 1);
            }
            if (lease.compareTo(Duration.ofMillis(LEASE_PARTS)) < 0) {
                throw new InvalidSettingException(PREFIX + "cluster.lease", "'" + optional("cluster.lease") + "' is shorter than "
                        + LEASE_PARTS + " ms");
            }
            if (service.equals("zookeeper")) {
                String nodes = optional("cluster.zookeeper.nodes");
                if (nodes.isEmpty()) {
                    throw new InvalidSettingException(PREFIX + "cluster.zookeeper.nodes", "must be set when " + PREFIX
                            + "cluster.service is zookeeper");
                }
                return new ClusterSettings(ClusterSettings.ClusterService.ZOOKEEPER, Optional.empty(), lease, Optional.of(nodes), basePath,
                        shards);
            }
            String directory = optional("cluster.directory");
            if (directory.isEmpty()) {
                throw new InvalidSettingException(PREFIX + "cluster.directory", "must be set when " + PREFIX + "cluster.service is file");
            }
            return new ClusterSettings(ClusterSettings.ClusterService.FILE, Optional.of(Path.of(directory)), lease, Optional.empty(),
                    basePath, shards);
        }

        /** Need not exist (no route is edited then); Camel separates route locations with commas. */
        Path routesDirectory() {
            String value = required("routes-directory");
            if (value.contains(",")) {
                throw new InvalidSettingException(PREFIX + "routes-directory", "'" + value + "' contains a comma");
            }
            Path directory = Path.of(value);
            if (Files.exists(directory) && !Files.isDirectory(directory)) {
                throw new InvalidSettingException(PREFIX + "routes-directory", directory.toAbsolutePath() + " is not a directory");
            }
            return directory;
        }

        /** Optional; when set, a level log4j knows (it would otherwise log at another level without a word). */
        void logLevel() {
            String value = lookup.apply(LOG_LEVEL).map(String::trim).orElse("");
            if (!value.isEmpty() && !LOG_LEVELS.contains(value.toUpperCase(Locale.ROOT))) {
                throw new InvalidSettingException(LOG_LEVEL, "'" + value + "' is not a log level; use one of ERROR, WARN, INFO, DEBUG, TRACE");
            }
        }

        Optional<URI> endpoint() {
            String value = optional("s3.endpoint");
            if (value.isEmpty()) {
                return Optional.empty();
            }
            try {
                URI uri = new URI(value);
                if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                        && uri.getPort() <= 65535) {
                    return Optional.of(uri);
                }
            } catch (java.net.URISyntaxException e) {
                // reported below
            }
            throw new InvalidSettingException(PREFIX + "s3.endpoint", "'" + value + "' is not an http(s) URL such as http://127.0.0.1:9000");
        }
    }

    /** The target of {@code kind} as configured, for a one-shot command (with a client of its own). */
    public Target openTarget(TargetKind kind, int maxConnections) {
        return kind == TargetKind.S3 ? new S3Target(s3().orElseThrow(), maxConnections) : new FileTarget(fileDirectory());
    }
}
