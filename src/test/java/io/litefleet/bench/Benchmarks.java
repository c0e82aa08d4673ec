package io.litefleet.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * LiteFleet's performance figures, each printed with the machine and its baseline measured in the
 * same run. Started by {@code bench/run}; see README, "Performance".
 */
public final class Benchmarks {

    private Benchmarks() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args);
        Files.createDirectories(options.work);
        System.out.println("LiteFleet benchmarks" + (options.quick ? " (quick: small sizes, not the README figures)" : ""));
        System.out.println(MachineInfo.describe(options.work));
        System.out.println("work:   " + options.work);
        List<String> table = new ArrayList<>();
        table.add("| figure | LiteFleet | baseline | ratio | goal |");
        table.add("|---|---|---|---|---|");

        if (options.wants("scan")) {
            for (int n : options.quick ? new int[] { 10_000, 100_000 } : new int[] { 100_000, 1_000_000 }) {
                System.out.printf("%nscan of %,d idle databases (half with a -wal), against find, %d rounds alternating...%n", n, 7);
                ScanBenchmark.Result r = ScanBenchmark.run(options.work, n, 7);
                System.out.printf(Locale.ROOT, "  first sync: recording %,d uploads in the state took %.0f ms%n", n, r.firstSyncRecordMillis());
                System.out.printf(Locale.ROOT, "  LiteFleet scan median %.0f ms, find median %.0f ms: %.2f x find%n", r.scanMillis(), r.findMillis(), r.ratio());
                System.out.printf(Locale.ROOT, "  retained heap per tracked database: %.0f bytes%n", r.heapBytesPerDatabase());
                System.out.printf(Locale.ROOT, "  heap held by a first sync while it runs: %.0f bytes per new database%n",
                        r.firstSyncHeapBytesPerDatabase());
                table.add(String.format(Locale.ROOT, "| scan, %,d idle databases | %.0f ms | find %.0f ms | %.2f x | <= 1.3 x%s |",
                        n, r.scanMillis(), r.findMillis(), r.ratio(), n >= 1_000_000 ? ", < 3 s" : ""));
                table.add(String.format(Locale.ROOT, "| heap per tracked database, %,d | %.0f B | | | <= 150 B |", n, r.heapBytesPerDatabase()));
                table.add(String.format(Locale.ROOT, "| heap per database during a first sync, %,d | %.0f B | | | |", n,
                        r.firstSyncHeapBytesPerDatabase()));
            }
        }
        if (options.wants("idle")) {
            int n = options.quick ? 10_000 : 100_000;
            IdleCpuBenchmark.Result[] results = new IdleCpuBenchmark.Result[2];
            for (boolean watch : new boolean[] { false, true }) {
                int cycles = watch ? 4 : 2;
                String how = watch ? "file events, no whole walk in the window" : "whole walk every cycle";
                System.out.printf("%nidle CPU of the packaged replicator over %,d unchanged databases, 30 s cycles, %s, %d cycles...%n",
                        n, how, cycles);
                IdleCpuBenchmark.Result r = IdleCpuBenchmark.run(options.work, n, watch, cycles);
                results[watch ? 1 : 0] = r;
                System.out.printf(Locale.ROOT, "  %.0f ms CPU per 30 s cycle = %.2f %% of one core (measured over %d s); RSS %,d MB%n",
                        r.cpuPerCycle().toNanos() / 1e6, r.percentOfOneCore(), r.wall().toSeconds(), r.rssKb() / 1024);
                table.add(String.format(Locale.ROOT, "| idle CPU, %,d databases, %s | %.2f %% of a core (%.0f ms / 30 s) | | | |",
                        n, how, r.percentOfOneCore(), r.cpuPerCycle().toNanos() / 1e6));
            }
            // the default: file events, and a whole walk every litefleet.full-scan-interval = 15m, one cycle in 30
            double average = IdleCpuBenchmark.averageWithWholeWalkEvery(30, results[0], results[1]).toNanos() / 1e6;
            System.out.printf(Locale.ROOT, "  with a whole walk every 15 min (the default): %.0f ms per cycle = %.2f %% of one core%n",
                    average, 100 * average / 30_000);
            table.add(String.format(Locale.ROOT, "| idle CPU, %,d databases, default (file events, whole walk every 15 min) | %.2f %% of a core (%.0f ms / 30 s) | | | <= 0.5 %% |",
                    n, 100 * average / 30_000, average));
        }
        if (options.wants("pipeline")) {
            int n = options.quick ? 200 : 1_000;
            // cycles after the first that warm the JIT up unmeasured: its compilations still cost
            // several ms per database in the third cycle of 200
            int warmUps = options.quick ? 4 : 1;
            int measured = 2;
            System.out.printf("%npipeline: %,d changed 1 MB databases, packaged replicator (S3 server in the benchmark's process, file), "
                    + "%d cycles measured after %d warming up, against bench/shell-baseline before and after...%n", n, measured, 1 + warmUps);
            PipelineBenchmark.Result r = PipelineBenchmark.run(options.work, n, warmUps, measured);
            System.out.printf(Locale.ROOT, "  to S3:    %s%n  to files: %s%n  shell baseline: %s databases/s%n",
                    cycles(r.s3().cycles()), cycles(r.file().cycles()), range(r.shellPerSecond()));
            System.out.printf("  CPU per database by thread (warm cycles; threads that ended are not counted):%n    to S3:    %s%n    to files: %s%n",
                    threads(r.s3().threadMillisPerDatabase()), threads(r.file().threadMillisPerDatabase()));
            double shell = Measure.median(r.shellPerSecond());
            List<Double> s3Rates = r.s3().cycles().stream().map(PipelineBenchmark.Cycle::perSecond).toList();
            List<Double> fileRates = r.file().cycles().stream().map(PipelineBenchmark.Cycle::perSecond).toList();
            table.add(String.format(Locale.ROOT, "| pipeline CPU per database, S3, %,d x 1 MB, warm | %s ms | | | <= 8 ms |", n,
                    range(r.s3().cycles().stream().map(PipelineBenchmark.Cycle::cpuMillisPerDatabase).toList())));
            table.add(String.format(Locale.ROOT, "| pipeline CPU per database, files, %,d x 1 MB, warm | %s ms | | | |", n,
                    range(r.file().cycles().stream().map(PipelineBenchmark.Cycle::cpuMillisPerDatabase).toList())));
            table.add(String.format(Locale.ROOT, "| pipeline to S3, %,d x 1 MB, warm | %s databases/s | shell %s/s | %.1f x | >= 150/s |",
                    n, range(s3Rates), range(r.shellPerSecond()), Measure.median(s3Rates) / shell));
            table.add(String.format(Locale.ROOT, "| pipeline to files, %,d x 1 MB, warm | %s databases/s | shell %s/s | %.1f x | >= 5 x |",
                    n, range(fileRates), range(r.shellPerSecond()), Measure.median(fileRates) / shell));
        }
        if (options.wants("snapshot")) {
            int rounds = options.quick ? 5 : 21;
            System.out.printf("%nsnapshot methods: the copy alone, 1 MB and 10 MB WAL databases, idle and under a writer, %d rounds...%n", rounds);
            for (SnapshotMethodsBenchmark.Result r : SnapshotMethodsBenchmark.run(options.work, rounds)) {
                String load = r.writer() ? "writer" : "idle";
                r.medianMillis().forEach((method, ms) -> {
                    System.out.printf(Locale.ROOT, "  %d MB %s: %.1f ms %s [%s]%n", r.megabytes(), load, ms, method, r.verdicts().get(method));
                    table.add(String.format(Locale.ROOT, "| snapshot copy, %d MB, %s: %s | %.1f ms | | | |", r.megabytes(), load, method, ms));
                });
            }
        }
        if (options.wants("rss")) {
            int count = options.quick ? 20 : 100;
            int megabytes = options.quick ? 20 : 100;
            for (List<String> jvm : List.of(List.<String>of(), List.of("-Xmx256m"))) {
                System.out.printf("%npeak RSS, %d databases of %d MB in flight, packaged replicator%s...%n", count, megabytes,
                        jvm.isEmpty() ? " with default JVM options" : " with " + String.join(" ", jvm));
                PeakRssBenchmark.Result r = PeakRssBenchmark.run(options.work, count, megabytes, jvm);
                System.out.printf(Locale.ROOT, "  peak RSS %,d MB; up to %d snapshots in flight; %d s%n",
                        r.peakRssKb() / 1024, r.peakSnapshotsInFlight(), r.duration().toSeconds());
                table.add(String.format(Locale.ROOT, "| peak RSS, %d x %d MB in flight (%s) | %,d MB | | | <= 512 MB |",
                        count, megabytes, jvm.isEmpty() ? "default JVM" : String.join(" ", jvm), r.peakRssKb() / 1024));
            }
        }
        System.out.println();
        table.forEach(System.out::println);
    }

    /** Each warm cycle of a pipeline run: the replicator's CPU per database and the databases per second. */
    private static String cycles(List<PipelineBenchmark.Cycle> cycles) {
        return String.join("; ", cycles.stream().map(c -> String.format(Locale.ROOT, "%.1f ms CPU per database, %.1f databases/s",
                c.cpuMillisPerDatabase(), c.perSecond())).toList());
    }

    /** The kinds of thread that used at least 0.1 ms per database, the largest first. */
    private static String threads(Map<String, Double> millis) {
        return String.join(", ", millis.entrySet().stream().filter(e -> e.getValue() >= 0.1)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s %.1f ms", e.getKey(), e.getValue())).toList());
    }

    /** "a" for one value or equal values, "lowest-highest" for several. */
    private static String range(List<Double> values) {
        double low = values.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double high = values.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        String format = high >= 20 ? "%.0f" : "%.1f";
        String a = String.format(Locale.ROOT, format, low);
        String b = String.format(Locale.ROOT, format, high);
        return a.equals(b) ? a : a + "-" + b;
    }

    /** {@code [--quick] [--work DIR] [--only scan,idle,pipeline,snapshot,rss]} */
    private record Options(boolean quick, Path work, List<String> only) {
        static Options parse(String[] args) {
            boolean quick = false;
            Path work = Path.of(System.getProperty("java.io.tmpdir"), "litefleet-bench");
            List<String> only = List.of();
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> quick = true;
                    case "--work" -> work = Path.of(args[++i]);
                    case "--only" -> only = List.of(args[++i].split(","));
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; usage: bench/run [--quick] [--work DIR] [--only scan,idle,pipeline,snapshot,rss]");
                }
            }
            return new Options(quick, work.toAbsolutePath(), only);
        }

        boolean wants(String figure) {
            return only.isEmpty() || only.contains(figure);
        }
    }
}
