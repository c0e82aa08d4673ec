import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Reads {@code perf script} output (stdin) of the packaged replicator, recorded with
 * {@code -XX:+PreserveFramePointer -XX:+DumpPerfMapAtExit} so Java frames are named, and prints the
 * CPU milliseconds per database of its pipeline threads (Camel's) by stage, and of its other threads
 * by kind (JIT compiler, GC...). Run by {@code bench/profile-pipeline}:
 * {@code perf script -i p.data | java bench/PerfStages.java <databases>}.
 * <p>
 * Stages are told apart by what the sampled stack holds, first rule first. A frame inlined by the JIT
 * is not in a perf map, so the rules look for frames that stay (the digest stubs and their streams,
 * JNI entry points, the SDK's and HTTP client's classes). SQLite's C code unwinds no further than
 * itself (no frame pointers): VACUUM INTO, quick_check and the state's commits share one row, as do
 * the kernel's file operations whose caller is cut.
 */
public class PerfStages {

    private record Rule(String stage, Predicate<Sample> matches) {
    }

    private record Sample(String top, String stack) {
        boolean has(String... any) {
            for (String s : any) {
                if (stack.contains(s)) {
                    return true;
                }
            }
            return false;
        }

        boolean digestStub() {
            return top.contains("StubRoutines") && !top.contains("StubRoutines (1)") && has("DigestBase", "MessageDigest");
        }
    }

    private static final List<Rule> RULES = List.of(
            new Rule("SDK: SHA-256 of the body for SigV4 (plain http only), its file read", s -> s.has("ChecksumInputStream")),
            new Rule("MD5 of the frame (Content-MD5, ETag check)", s -> s.digestStub() && s.has("DigestOutputStream")),
            new Rule("sha256 of the snapshot, its file read", s -> s.has("DigestInputStream", "SqliteSnapshotter.sha256")
                    || s.digestStub()),
            new Rule("LZ4 frame: compress, write the frame file", s -> s.has("LZ4", "jpountz", "XXH", "Lz4Frame", "FrameWriter")),
            new Rule("state (Java side)", s -> s.has("io.litefleet.state")),
            new Rule("SQLite C code: VACUUM INTO, quick_check, state commits", s -> s.has("io.litefleet.snapshot", "org.sqlite", "sqlite")),
            new Rule("SDK: sending the body (file read, socket write)", s -> s.has("InputStreamEntity", "ContentLengthOutputStream",
                    "SessionOutputBuffer", "BytesWrittenTracking")),
            new Rule("SDK: rest of the request (marshal, endpoint rules, signing, HTTP client, response)",
                    s -> s.has("awssdk", "org.apache.http")),
            new Rule("store: file target write/fsync/rename, S3 ETag check", s -> s.has("io.litefleet.storage")),
            new Rule("kernel: temporary files created/deleted (caller cut)", s -> s.has("do_unlinkat", "ext4_create", "path_openat")),
            new Rule("kernel: file reads/writes (caller cut)", s -> s.has("vfs_read", "vfs_write", "filemap", "ext4")),
            new Rule("Camel routing (incl. deleting temporary files when done)", s -> s.has("org.apache.camel")),
            new Rule("scheduler, futex", s -> s.has("schedule", "futex")),
            new Rule("JVM: interpreter, runtime", s -> s.has("Interpreter", "libjvm")));

    public static void main(String[] args) throws Exception {
        int databases = Integer.parseInt(args[0]);
        Map<String, Double> stages = new LinkedHashMap<>();
        RULES.forEach(r -> stages.put(r.stage(), 0.0));
        stages.put("other", 0.0);
        Map<String, Double> otherThreads = new TreeMap<>();
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String thread = null;
        double periodMs = 0;
        List<String> frames = new ArrayList<>();
        for (String line = in.readLine(); ; line = in.readLine()) {
            if (line == null || line.isBlank()) {
                if (thread != null) {
                    count(thread, periodMs, frames, stages, otherThreads);
                }
                thread = null;
                frames.clear();
                if (line == null) {
                    break;
                }
            } else if (!Character.isWhitespace(line.charAt(0))) {
                // "<comm> <tid> <time>: <period> cpu-clock..." where comm may hold spaces
                String[] head = line.split(":\\s+", 2);
                thread = head[0].replaceFirst("\\s+\\d+\\s+[\\d.]+$", "").trim();
                periodMs = Double.parseDouble(head[1].trim().split("\\s+")[0]) / 1e6;
            } else {
                frames.add(line.trim());
            }
        }
        double total = stages.values().stream().mapToDouble(Double::doubleValue).sum();
        System.out.printf(Locale.ROOT, "pipeline threads: %.1f ms CPU per database%n", total / databases);
        stages.entrySet().stream().filter(e -> e.getValue() > 0).sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> System.out.printf(Locale.ROOT, "  %6.2f ms  %s%n", e.getValue() / databases, e.getKey()));
        System.out.println("other threads:");
        otherThreads.entrySet().stream().filter(e -> e.getValue() / databases >= 0.05)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> System.out.printf(Locale.ROOT, "  %6.2f ms  %s%n", e.getValue() / databases, e.getKey()));
    }

    private static void count(String thread, double periodMs, List<String> frames, Map<String, Double> stages, Map<String, Double> otherThreads) {
        if (!thread.startsWith("Camel")) {
            otherThreads.merge(thread.replaceAll("[#\\d]+$", "").trim(), periodMs, Double::sum);
            return;
        }
        Sample sample = new Sample(frames.isEmpty() ? "" : frames.get(0), String.join("\n", frames));
        String stage = RULES.stream().filter(r -> r.matches().test(sample)).map(Rule::stage).findFirst().orElse("other");
        stages.merge(stage, periodMs, Double::sum);
    }
}
