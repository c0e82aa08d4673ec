package io.litefleet.restore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.litefleet.discovery.DiscoveryPattern;
import io.litefleet.model.KeySegments;
import io.litefleet.model.StoredSnapshot;
import io.litefleet.storage.PathTemplate;
import io.litefleet.storage.SnapshotCatalog;

/**
 * {@code restore-all}: every tenant under a prefix, restored in parallel into a directory laid out
 * like the discovery pattern, each verified like a single restore. One failed tenant never stops
 * the others; the summary names every failure.
 */
public final class FleetRestorer {

    /** What a fleet restore did. */
    public record Summary(int tenants, int restored, long bytes, List<String> skipped, List<String> failed) {
        public boolean complete() {
            return failed.isEmpty();
        }
    }

    private final SnapshotCatalog catalog;
    private final SnapshotRestorer restorer;
    private final PathTemplate pathTemplate;
    private final DiscoveryPattern pattern;

    public FleetRestorer(SnapshotCatalog catalog, SnapshotRestorer restorer, PathTemplate pathTemplate, DiscoveryPattern pattern) {
        this.catalog = catalog;
        this.restorer = restorer;
        this.pathTemplate = pathTemplate;
        this.pattern = pattern;
    }

    /**
     * @param force replace existing databases (and remove their {@code -wal}, {@code -shm}, {@code -journal});
     *              without it each one is a failure naming the file
     */
    public Summary restoreAll(String prefix, Path directory, Optional<Instant> at, int parallelism, boolean force,
            RestoreProgress progress) throws IOException, InterruptedException {
        Path inside = directory.toAbsolutePath().normalize();
        Map<String, List<StoredSnapshot>> tenants = catalog.tenantsUnder(prefix.isEmpty() ? "" : prefix + "/");
        List<String> skipped = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        List<Future<Long>> restores = new ArrayList<>();
        List<String> names = new ArrayList<>();
        progress.started(tenants.size());
        ExecutorService pool = Executors.newFixedThreadPool(parallelism);
        try {
            for (Map.Entry<String, List<StoredSnapshot>> tenant : tenants.entrySet()) {
                Optional<StoredSnapshot> snapshot = SnapshotCatalog.newestAtOrBefore(tenant.getValue(), at);
                Optional<List<String>> values = pathTemplate.values(tenant.getKey());
                // messages name the tenant as its files do, not as its keys encode it
                String name = KeySegments.decodePath(tenant.getKey());
                if (snapshot.isEmpty()) {
                    skipped.add(name + " (no snapshot at or before " + at.orElseThrow() + ")");
                    progress.finished(0);
                } else if (values.isEmpty()) {
                    failed.add(name + " (does not match litefleet.path-template " + pathTemplate + ")");
                    progress.finished(0);
                } else {
                    Path layout = pattern.layout(values.get());
                    Path target = directory.resolve(layout).normalize();
                    // a key with '.' or '..' segments would land elsewhere, or outside DIR: checked here
                    // whatever else decodes or refuses keys
                    if (!target.toAbsolutePath().normalize().startsWith(inside) || hasDotSegment(layout)) {
                        failed.add(name + " (" + snapshot.get().key() + " would restore to " + target
                                + ", not where its key says inside " + directory + ")");
                        progress.finished(0);
                        continue;
                    }
                    names.add(name);
                    restores.add(pool.submit(() -> {
                        long size = 0;
                        try {
                            size = restorer.restore(snapshot.get(), target, force);
                            return size;
                        } finally {
                            progress.finished(size);
                        }
                    }));
                }
            }
            long bytes = 0;
            int restored = 0;
            for (int i = 0; i < restores.size(); i++) {
                try {
                    bytes += restores.get(i).get();
                    restored++;
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable cause = e.getCause();
                    failed.add(names.get(i) + " (" + cause.getMessage() + ")");
                }
            }
            return new Summary(tenants.size(), restored, bytes, skipped, failed);
        } finally {
            pool.shutdownNow();
            progress.done();
        }
    }

    private static boolean hasDotSegment(Path layout) {
        for (Path segment : layout) {
            if (segment.toString().equals(".") || segment.toString().equals("..")) {
                return true;
            }
        }
        return false;
    }
}
