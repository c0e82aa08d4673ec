package io.litefleet.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the scanner knows of a database without opening it: size, modification time, inode and
 * status-change time (ctime) of the database file, and size, modification time and inode of its
 * {@code -wal} file.
 * <p>
 * The WAL is part of the fingerprint because in WAL mode a commit appends to {@code <db>-wal} and
 * leaves {@code <db>} untouched until a checkpoint. An absent and an empty WAL are the same
 * fingerprint: an empty WAL holds no commits, and a reader opening a WAL database creates one, so
 * telling them apart would make LiteFleet's own snapshot look like a change.
 * <p>
 * Size and mtime alone miss a database replaced by rename with one of the same size and mtime
 * ({@code cp -p} then {@code mv}): the inode tells the new file apart. The ctime catches a file
 * rewritten in place whose mtime was set back ({@code touch -d}): no one can set a ctime. The
 * WAL's ctime is left out on purpose: SQLite running as root gives the WAL the database's owner
 * every time it opens it ({@code fchown}, even read-only), which moves the WAL's ctime, so
 * LiteFleet's own snapshot would look like a change every cycle. A new WAL has a new inode.
 * <p>
 * A database that is a symbolic link is judged by the file it leads to, and SQLite keeps that
 * file's WAL beside it, not beside the link.
 */
public record Fingerprint(long size, long modifiedNanos, long inode, long statusChangedNanos,
        long walSize, long walModifiedNanos, long walInode) {

    /** What SQLite appends to a database's name for its write-ahead log. */
    public static final String WAL_SUFFIX = "-wal";

    /** One {@code stat}: what a database's fingerprint takes, and what tells a link from a file. */
    private static final String DATABASE_ATTRIBUTES = "unix:size,lastModifiedTime,ino,ctime,isRegularFile,isDirectory,isSymbolicLink";
    private static final String WAL_ATTRIBUTES = "unix:size,lastModifiedTime,ino";

    /** The pattern matched something that is not a file, so cannot be a database (a directory named {@code x.db}, say). */
    public static final class NotAFileException extends IOException {
        NotAFileException(String reason) {
            super(reason);
        }
    }

    /**
     * Reads the fingerprint of a database.
     *
     * @param hasWal whether the directory listing showed a {@code -wal} file (saves a failed stat);
     *               ignored for a link, whose WAL is in another directory
     * @throws NotAFileException when {@code database} is not a regular file (nor a link to one)
     */
    public static Fingerprint read(Path database, boolean hasWal) throws IOException {
        Path file = database;
        boolean statWal = hasWal;
        Map<String, Object> db = Files.readAttributes(file, DATABASE_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        if ((Boolean) db.get("isSymbolicLink")) {
            file = database.toRealPath();
            db = Files.readAttributes(file, DATABASE_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            statWal = true;
        }
        if (!(Boolean) db.get("isRegularFile")) {
            throw new NotAFileException((Boolean) db.get("isDirectory") ? "not a regular file (a directory)"
                    : "not a regular file (a socket, FIFO or device)");
        }
        long walSize = 0;
        long walModified = 0;
        long walInode = 0;
        if (statWal) {
            try {
                Map<String, Object> attributes = Files.readAttributes(walOf(file), WAL_ATTRIBUTES);
                if ((Long) attributes.get("size") > 0) {
                    walSize = (Long) attributes.get("size");
                    walModified = nanos(attributes.get("lastModifiedTime"));
                    walInode = (Long) attributes.get("ino");
                }
            } catch (NoSuchFileException e) {
                // checkpointed and removed since the listing: same as no WAL
            }
        }
        return new Fingerprint((Long) db.get("size"), nanos(db.get("lastModifiedTime")), (Long) db.get("ino"), nanos(db.get("ctime")),
                walSize, walModified, walInode);
    }

    private static long nanos(Object fileTime) {
        return ((FileTime) fileTime).to(TimeUnit.NANOSECONDS);
    }

    /**
     * Whether this fingerprint, read at {@code readAtNanos} (epoch nanoseconds), can be trusted to
     * change with the next write. A write within the same tick of the file system's clock as the
     * newest mtime leaves the mtime (and, for an in-place update, the size) as it is; if that tick
     * was still running when the fingerprint was read, such a write could follow the snapshot
     * unseen. Like git's "racily clean" files, such a fingerprint is not recorded as replicated and
     * the database is uploaded once more next cycle. The tick is taken as 2 s where timestamps
     * carry no sub-second part (FAT, some network file systems), else 50 ms (jiffies, at worst 10 ms).
     */
    public boolean isSettled(long readAtNanos) {
        long newest = Math.max(modifiedNanos, walModifiedNanos);
        boolean wholeSeconds = modifiedNanos % 1_000_000_000L == 0 && walModifiedNanos % 1_000_000_000L == 0;
        long tick = wholeSeconds ? 2_000_000_000L : 50_000_000L;
        return readAtNanos - newest > tick;
    }

    /** When the database last changed: the newest mtime of the database and its WAL. */
    public Instant changedAt() {
        long newest = changedNanos();
        return Instant.ofEpochSecond(newest / 1_000_000_000L, newest % 1_000_000_000L);
    }

    /** {@link #changedAt()} in epoch nanoseconds. */
    public long changedNanos() {
        return Math.max(modifiedNanos, walModifiedNanos);
    }

    /**
     * The seven numbers folded into 64 bits (each through MurmurHash3's finalizer), which is what the
     * in-memory replication state keeps per database. A change that leaves the digest as it was
     * goes unseen until the next change; for distinct fingerprints that happens with probability
     * 2<sup>-64</sup>: at a million changes every 30 s, once in some 17 million years.
     */
    public long digest() {
        long h = mix(size);
        h = mix(h ^ modifiedNanos);
        h = mix(h ^ inode);
        h = mix(h ^ statusChangedNanos);
        h = mix(h ^ walSize);
        h = mix(h ^ walModifiedNanos);
        return mix(h ^ walInode);
    }

    private static long mix(long k) {
        k = (k ^ (k >>> 33)) * 0xff51afd7ed558ccdL;
        k = (k ^ (k >>> 33)) * 0xc4ceb9fe1a85ec53L;
        return k ^ (k >>> 33);
    }

    static Path walOf(Path database) {
        return database.resolveSibling(database.getFileName() + WAL_SUFFIX);
    }
}
