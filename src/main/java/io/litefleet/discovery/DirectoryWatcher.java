package io.litefleet.discovery;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystems;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells the scanner which directories of databases saw a write since the last cycle, from the
 * kernel's file events (inotify on Linux), so an idle fleet is not stat-ed file by file every cycle.
 * Every directory of a whole walk is watched before it is listed, so a write after the listing
 * raises an event. A database that is a symbolic link to a file in another directory raises its
 * events there, unwatched: such a database is only checked by whole walks. Anything it cannot
 * vouch for asks for a whole walk instead: a change in a directory above the databases (a new
 * tenant directory, say), lost events (the kernel's queue overflowed), a watched directory that
 * vanished, or a watch the system refused (then it stops watching, and says so once). A directory
 * LiteFleet may not read cannot be watched either, which costs the rest of the fleet nothing: a
 * directory of databases among them is reported changed every time, one above them asks for a
 * whole walk, until a whole walk manages to watch it. The scanner also walks everything every
 * {@code litefleet.full-scan-interval}, for what file events never report (writes made on another
 * host to a network file system).
 * <p>
 * Used by the cycle's thread only; cycles never overlap.
 */
public final class DirectoryWatcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(DirectoryWatcher.class);

    private final WatchService service;
    private final Map<Path, WatchKey> keys = new HashMap<>();
    /** The leaf each key watches; upper directories map to null. */
    private final Map<WatchKey, DiscoveryPattern.Leaf> leaves = new HashMap<>();
    /** Directories the last whole walk could not watch (no permission to read them); upper directories map to empty. */
    private final Map<Path, Optional<DiscoveryPattern.Leaf>> unwatched = new HashMap<>();
    private boolean broken;

    private DirectoryWatcher(WatchService service) {
        this.service = service;
    }

    /** A watcher, or empty when the file system offers no events. */
    public static Optional<DirectoryWatcher> open() {
        try {
            return Optional.of(new DirectoryWatcher(FileSystems.getDefault().newWatchService()));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("File events are not available ({}): every cycle walks the whole fleet", e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Called as a whole walk enters each directory, before listing it: a directory of databases, or
     * one above. Registers every time: a directory replaced under the same path (moved aside, a new
     * one moved in) needs a watch of its own, and the old one's is cancelled.
     */
    void watch(Path directory, Optional<DiscoveryPattern.Leaf> leaf) {
        if (broken) {
            return;
        }
        try {
            WatchKey key = directory.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
            WatchKey previous = keys.put(directory, key);
            if (previous != null && previous != key) {
                previous.cancel();
                leaves.remove(previous);
            }
            leaves.put(key, leaf.orElse(null));
            unwatched.remove(directory);
        } catch (NoSuchFileException | NotDirectoryException e) {
            // gone since the walk found it: the walk finds nothing there either
        } catch (AccessDeniedException e) {
            // the walk cannot list it either, and says so; the rest of the fleet keeps its events
            unwatched.put(directory, leaf);
            LOG.debug("Cannot watch {}: permission denied", directory);
        } catch (IOException e) {
            // most often the inotify watch limit (fs.inotify.max_user_watches)
            broken = true;
            LOG.warn("Cannot watch {} ({}): file events turned off, every cycle walks the whole fleet", directory, e.getMessage());
            close();
        }
    }

    /**
     * The leaves with a database event since the last call, and those it could not watch; or empty
     * when the events do not tell enough and the whole fleet must be walked. Either way, the events
     * are consumed.
     */
    Optional<Set<DiscoveryPattern.Leaf>> changes() {
        if (broken || keys.isEmpty()) {
            return Optional.empty();
        }
        Set<DiscoveryPattern.Leaf> changed = new HashSet<>();
        boolean wholeWalk = false;
        for (Optional<DiscoveryPattern.Leaf> leaf : unwatched.values()) {
            leaf.ifPresent(changed::add);
            wholeWalk |= leaf.isEmpty();
        }
        for (WatchKey key = service.poll(); key != null; key = service.poll()) {
            DiscoveryPattern.Leaf leaf = leaves.get(key);
            for (WatchEvent<?> event : key.pollEvents()) {
                if (leaf == null) {
                    // Something changed above the databases (a new branch, say), or the kernel's
                    // queue overflowed, which the JDK reports on every key, these ones included.
                    wholeWalk = true;
                } else if (event.kind() == OVERFLOW || leaf.concernsDatabase(event.context().toString())) {
                    // OVERFLOW alone: more events in this directory than the JDK keeps per key
                    // (a rollback-journal database creates and deletes its -journal per transaction)
                    changed.add(leaf);
                }
            }
            if (!key.reset()) {
                wholeWalk = true; // the directory is gone
                keys.values().remove(key);
                leaves.remove(key);
            }
        }
        return wholeWalk ? Optional.empty() : Optional.of(changed);
    }

    @Override
    public void close() {
        keys.clear();
        leaves.clear();
        unwatched.clear();
        try {
            service.close();
        } catch (IOException e) {
            LOG.debug("Closing the watch service: {}", e.getMessage());
        }
    }
}
