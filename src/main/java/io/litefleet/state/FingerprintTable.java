package io.litefleet.state;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.litefleet.model.Fingerprint;

/**
 * The fingerprints of the replicated databases, in memory, because the scanner tests every one of
 * them every cycle. Built to stay small at a million databases (a {@code HashMap<Path, Fingerprint>}
 * costs about 300 bytes per entry): each directory path is held once, and per directory an
 * open-addressing table holds each file name and the 64-bit {@link Fingerprint#digest() digest} of
 * its fingerprint, about 70 to 90 bytes per database in all. The exact fingerprints stay in the
 * state database.
 * <p>
 * Each entry also carries a "seen" bit, set when a scan finds the file, so a complete scan can
 * forget the databases that vanished without building a set of every path it saw. Scans and
 * uploads never overlap (one cycle scans, then uploads), so a database recorded after a scan is
 * judged by the next one.
 * <p>
 * Thread-safe: the scanner's threads mark entries in parallel, the upload threads record in
 * parallel (after the scan), and an operator's resync may remove an entry at any time; each
 * directory's table has its own lock.
 */
final class FingerprintTable {

    private final Map<String, DirectoryTable> directories = new ConcurrentHashMap<>();
    private final AtomicInteger size = new AtomicInteger();

    /** True when {@code name} in {@code directory} was replicated with this fingerprint; marks it seen either way. */
    boolean matchesAndMarkSeen(Path directory, String name, Fingerprint fingerprint) {
        DirectoryTable table = directories.get(directory.toString());
        return table != null && table.matchesAndMarkSeen(name, fingerprint.digest());
    }

    /** Marks a database seen without judging it (its attributes could not be read this time). */
    void markSeen(Path directory, String name) {
        DirectoryTable table = directories.get(directory.toString());
        if (table != null) {
            table.matchesAndMarkSeen(name, 0);
        }
    }

    void put(Path database, Fingerprint fingerprint) {
        String name = database.getFileName().toString();
        long digest = fingerprint.digest();
        // inside compute, so endScan cannot drop the table as empty between lookup and insert
        directories.compute(database.getParent().toString(), (directory, table) -> {
            DirectoryTable t = table == null ? new DirectoryTable() : table;
            if (t.put(name, digest)) {
                size.incrementAndGet();
            }
            return t;
        });
    }

    void remove(Path database) {
        DirectoryTable table = directories.get(database.getParent().toString());
        if (table != null && table.remove(database.getFileName().toString())) {
            size.decrementAndGet();
        }
    }

    int size() {
        return size.get();
    }

    /** Forgets everything (the state closed: what it records may change before it opens again). */
    void clear() {
        directories.clear();
        size.set(0);
    }

    /**
     * Ends a scan: removes and returns the databases of the {@code swept} directories that it did
     * not see; clears every "seen" bit for the next scan.
     */
    List<Path> endScan(Predicate<Path> swept) {
        List<Path> gone = new ArrayList<>();
        directories.forEach((directory, table) -> {
            Path parent = Path.of(directory);
            List<String> names = table.endScan(swept.test(parent));
            for (String name : names) {
                gone.add(parent.resolve(name));
            }
            size.addAndGet(-names.size());
        });
        for (String directory : directories.keySet()) {
            directories.computeIfPresent(directory, (d, table) -> table.isEmpty() ? null : table);
        }
        return gone;
    }

    /**
     * One directory's databases: linear probing over a power-of-two table of names and digests,
     * kept at most three quarters full.
     */
    private static final class DirectoryTable {
        private String[] names = new String[8];
        private long[] digests = new long[8];
        private long[] seen = new long[1];
        private int count;

        synchronized boolean matchesAndMarkSeen(String name, long digest) {
            int slot = find(name);
            if (slot < 0) {
                return false;
            }
            setSeen(slot, true);
            return digests[slot] == digest;
        }

        /** @return true when the name was new */
        synchronized boolean put(String name, long digest) {
            int slot = find(name);
            if (slot >= 0) {
                digests[slot] = digest;
                return false;
            }
            if ((count + 1) * 4L > names.length * 3L) {
                resize(names.length * 2);
            }
            insert(name, digest, false);
            count++;
            return true;
        }

        synchronized boolean remove(String name) {
            int slot = find(name);
            if (slot < 0) {
                return false;
            }
            names[slot] = null;
            setSeen(slot, false);
            count--;
            // Re-insert the rest of the probe run so no lookup stops early at the new hole.
            int mask = names.length - 1;
            for (int i = (slot + 1) & mask; names[i] != null; i = (i + 1) & mask) {
                String moved = names[i];
                long digest = digests[i];
                boolean wasSeen = isSeen(i);
                names[i] = null;
                setSeen(i, false);
                insert(moved, digest, wasSeen);
            }
            return true;
        }

        synchronized List<String> endScan(boolean complete) {
            List<String> gone = new ArrayList<>();
            if (complete) {
                for (int i = 0; i < names.length; i++) {
                    if (names[i] != null && !isSeen(i)) {
                        gone.add(names[i]);
                    }
                }
            }
            if (!gone.isEmpty()) {
                String[] oldNames = names;
                long[] oldDigests = digests;
                long[] oldSeen = seen;
                allocate(names.length);
                count = 0;
                for (int i = 0; i < oldNames.length; i++) {
                    if (oldNames[i] != null && (oldSeen[i >>> 6] & (1L << i)) != 0) {
                        insert(oldNames[i], oldDigests[i], false);
                        count++;
                    }
                }
            } else {
                Arrays.fill(seen, 0);
            }
            return gone;
        }

        synchronized boolean isEmpty() {
            return count == 0;
        }

        private int find(String name) {
            int mask = names.length - 1;
            for (int i = home(name, mask); names[i] != null; i = (i + 1) & mask) {
                if (names[i].equals(name)) {
                    return i;
                }
            }
            return -1;
        }

        private void insert(String name, long digest, boolean markSeen) {
            int mask = names.length - 1;
            int i = home(name, mask);
            while (names[i] != null) {
                i = (i + 1) & mask;
            }
            names[i] = name;
            digests[i] = digest;
            setSeen(i, markSeen);
        }

        private void resize(int capacity) {
            String[] oldNames = names;
            long[] oldDigests = digests;
            long[] oldSeen = seen;
            allocate(capacity);
            for (int i = 0; i < oldNames.length; i++) {
                if (oldNames[i] != null) {
                    insert(oldNames[i], oldDigests[i], (oldSeen[i >>> 6] & (1L << i)) != 0);
                }
            }
        }

        private void allocate(int capacity) {
            names = new String[capacity];
            digests = new long[capacity];
            seen = new long[(capacity + 63) >>> 6];
        }

        private void setSeen(int slot, boolean value) {
            if (value) {
                seen[slot >>> 6] |= 1L << slot;
            } else {
                seen[slot >>> 6] &= ~(1L << slot);
            }
        }

        private boolean isSeen(int slot) {
            return (seen[slot >>> 6] & (1L << slot)) != 0;
        }

        private static int home(String name, int mask) {
            int h = name.hashCode() * 0x9E3779B9;
            return (h ^ (h >>> 16)) & mask;
        }
    }
}
