package io.litefleet.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import io.litefleet.model.StoredSnapshot;
import io.litefleet.storage.SnapshotCatalog;

/**
 * A restore drill: stored snapshots read back and checked exactly as a restore checks them (age's
 * authentication, the LZ4 frame checksums, the {@code sha256} metadata, {@code integrity_check}),
 * each restored into a temporary directory and removed at once. Nothing is written anywhere else.
 */
public final class SnapshotVerifier {

    /**
     * @param failed one line per damaged snapshot, naming its key and the check that failed
     */
    public record Summary(int tenants, int checked, List<String> failed) {
        public boolean sound() {
            return failed.isEmpty();
        }
    }

    private final SnapshotCatalog catalog;
    private final SnapshotRestorer restorer;

    public SnapshotVerifier(SnapshotCatalog catalog, SnapshotRestorer restorer) {
        this.catalog = catalog;
        this.restorer = restorer;
    }

    /**
     * @param prefix  whole key segments, empty for every tenant
     * @param all     every retained snapshot of each tenant, not only the newest
     * @param sample  that many tenants, chosen at random, rather than all of them
     */
    public Summary verify(String prefix, boolean all, Optional<Integer> sample, int parallelism, RestoreProgress progress)
            throws IOException, InterruptedException {
        Map<String, List<StoredSnapshot>> tenants = catalog.tenantsUnder(prefix.isEmpty() ? "" : prefix + "/");
        List<List<StoredSnapshot>> chosen = new ArrayList<>(tenants.values());
        if (sample.isPresent() && sample.get() < chosen.size()) {
            Collections.shuffle(chosen);
            chosen = chosen.subList(0, sample.get());
        }
        List<StoredSnapshot> snapshots = new ArrayList<>();
        for (List<StoredSnapshot> oldestFirst : chosen) {
            snapshots.addAll(all ? oldestFirst : List.of(oldestFirst.get(oldestFirst.size() - 1)));
        }
        Path scratch = Files.createTempDirectory("litefleet-verify-");
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        AtomicInteger names = new AtomicInteger();
        progress.started(snapshots.size());
        try {
            List<Future<?>> checks = new ArrayList<>();
            for (StoredSnapshot snapshot : snapshots) {
                checks.add(pool.submit(() -> {
                    try {
                        restorer.check(snapshot, scratch.resolve(names.incrementAndGet() + ".db"));
                        return null;
                    } finally {
                        progress.finished(snapshot.size().orElseThrow());
                    }
                }));
            }
            List<String> failed = new ArrayList<>();
            for (int i = 0; i < checks.size(); i++) {
                try {
                    checks.get(i).get();
                } catch (ExecutionException e) {
                    String message = String.valueOf(e.getCause().getMessage());
                    // restore's messages start with the key; an I/O error names it within
                    failed.add(message.contains(snapshots.get(i).key()) ? message : snapshots.get(i).key() + ": " + message);
                }
            }
            return new Summary(chosen.size(), snapshots.size(), failed);
        } finally {
            pool.shutdownNow();
            progress.done();
            try (var left = Files.list(scratch)) {
                for (Path file : left.toList()) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(scratch);
        }
    }
}
