package io.litefleet.restore;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Keeps a restore from replacing a database another process has open: that process would go on
 * using the replaced file (or write a {@code -wal} that SQLite then replays onto the restored one).
 * Two checks, as neither sees everything: the {@code /proc/<pid>/fd} links name the processes this
 * user may inspect (every one, as root), and SQLite's own locks, taken here as SQLite takes them,
 * reveal a connection of any user or container on this machine that is open on a WAL database or
 * inside a transaction. The locks stay held until the replacement is done, so no SQLite connection
 * starts reading the old file in between.
 */
final class DatabaseHolders implements Closeable {

    private static final Path PROC = Path.of("/proc");
    /** os_unix.c: a database's lock bytes start at 1 GiB (pending, reserved, then 510 shared bytes). */
    private static final long DATABASE_LOCKS = 0x40000000L;
    private static final long DATABASE_LOCKS_SIZE = 512;
    /** os_unix.c: a {@code -shm} file's 8 WAL locks from byte 120, then the one every open connection holds. */
    private static final long SHM_LOCKS = 120;
    private static final long SHM_LOCKS_SIZE = 9;

    private final List<FileChannel> channels = new ArrayList<>();
    private boolean locked = true;

    private DatabaseHolders() {
    }

    /**
     * Locks {@code database} against SQLite connections and checks that no other process has it or
     * one of {@code files} (its {@code -wal}, {@code -shm}, {@code -journal}) open.
     *
     * @return the locks, held until closed
     * @throws RestoreException naming the process IDs, or saying the holder cannot be named
     */
    static DatabaseHolders exclude(Path database, List<Path> files) throws RestoreException, IOException {
        DatabaseHolders locks = lock(database);
        try {
            Set<Long> pids = openIn(files);
            if (!pids.isEmpty()) {
                throw new RestoreException(database + " is in use by PID "
                        + pids.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "; stop it before replacing the database");
            }
            if (!locks.locked()) {
                throw new RestoreException(database + " is locked by a SQLite connection of a process this user cannot see;"
                        + " stop it before replacing the database");
            }
            return locks;
        } catch (RestoreException | IOException | RuntimeException e) {
            locks.close();
            throw e;
        }
    }

    /** SQLite's locks of {@code database} and its {@code -shm}, as far as no other process holds them. */
    static DatabaseHolders lock(Path database) throws IOException {
        DatabaseHolders locks = new DatabaseHolders();
        try {
            locks.tryLock(database, DATABASE_LOCKS, DATABASE_LOCKS_SIZE);
            locks.tryLock(database.resolveSibling(database.getFileName() + "-shm"), SHM_LOCKS, SHM_LOCKS_SIZE);
            return locks;
        } catch (IOException | RuntimeException e) {
            locks.close();
            throw e;
        }
    }

    /** Whether every lock was free: no SQLite connection elsewhere is open on a WAL database or in a transaction. */
    boolean locked() {
        return locked;
    }

    /** Takes SQLite's lock bytes of {@code file} without waiting, when it exists. */
    private void tryLock(Path file, long position, long size) throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        // an exclusive lock needs a writable descriptor; a read-only one still sees writers
        boolean writable = Files.isWritable(file);
        FileChannel channel = writable ? FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.READ);
        channels.add(channel);
        try {
            locked &= channel.tryLock(position, size, !writable) != null;
        } catch (OverlappingFileLockException e) {
            locked = false;
        }
    }

    /** Other processes with one of {@code files} open, as far as this user may look. */
    private static Set<Long> openIn(List<Path> files) throws IOException {
        Set<Long> pids = new TreeSet<>();
        if (!Files.isDirectory(PROC)) {
            return pids;
        }
        Set<Path> wanted = files.stream().map(DatabaseHolders::resolved).collect(Collectors.toSet());
        long self = ProcessHandle.current().pid();
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(PROC, p -> p.getFileName().toString().matches("\\d+"))) {
            for (Path process : processes) {
                long pid = Long.parseLong(process.getFileName().toString());
                if (pid != self && holdsOneOf(process, wanted)) {
                    pids.add(pid);
                }
            }
        }
        return pids;
    }

    private static boolean holdsOneOf(Path process, Set<Path> wanted) {
        try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path descriptor : descriptors) {
                try {
                    if (wanted.contains(Files.readSymbolicLink(descriptor))) {
                        return true;
                    }
                } catch (IOException e) {
                    // closed while we looked
                }
            }
        } catch (IOException e) {
            // another user's process (not ours to inspect: the locks cover it), or one that just exited
        }
        return false;
    }

    /** The path the kernel shows for an open file: symbolic links of its directory resolved. */
    private static Path resolved(Path file) {
        Path absolute = file.toAbsolutePath();
        try {
            return absolute.getParent().toRealPath().resolve(absolute.getFileName());
        } catch (IOException e) {
            return absolute.normalize();
        }
    }

    @Override
    public void close() throws IOException {
        for (FileChannel channel : channels) {
            channel.close();
        }
    }
}
