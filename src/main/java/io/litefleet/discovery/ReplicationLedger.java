package io.litefleet.discovery;

import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * For each database, the fingerprint the scanner read just before its last successfully uploaded
 * snapshot. A database whose current fingerprint differs (or which has none yet) is changed and is
 * replicated next.
 * <p>
 * Written by the upload threads, read by the scanner; kept in memory for now.
 */
public final class ReplicationLedger {

    private final Map<Path, Fingerprint> replicated = new ConcurrentHashMap<>();

    public boolean isReplicated(Path database, Fingerprint current) {
        return current.equals(replicated.get(database));
    }

    /** Called only after the snapshot taken at {@code fingerprint} is safely stored. */
    public void recordReplicated(Path database, Fingerprint fingerprint) {
        replicated.put(database, fingerprint);
    }

    /** Forgets databases that no longer exist, so they stop being tracked. */
    public void retainOnly(Set<Path> present) {
        replicated.keySet().retainAll(present);
    }

    public int size() {
        return replicated.size();
    }
}
