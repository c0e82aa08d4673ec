package io.litefleet.restore;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.litefleet.storage.Fsync;

/**
 * The database file a restore lands in, and the files SQLite keeps beside it. A leftover
 * {@code -wal} would be replayed onto the restored file ({@code integrity_check} still says ok, the
 * content is wrong) and a {@code -journal} rolled back into it, so none may remain: removing them,
 * like replacing the file, takes {@code --force}, and then no process may hold the database.
 */
final class RestoreTarget {

    private static final List<String> SQLITE_SUFFIXES = List.of("-wal", "-shm", "-journal");
    /** Short, whatever the target's name: a file name of 255 bytes leaves no room to decorate it. */
    private static final String TEMPORARY_PREFIX = ".litefleet-restore-";

    private final Path file;
    private final boolean force;

    RestoreTarget(Path file, boolean force) {
        this.file = file;
        this.force = force;
    }

    /** Refuses, before anything is downloaded, a target only {@code --force} may replace. */
    void check() throws RestoreException {
        if (force) {
            return;
        }
        boolean exists = exists(file);
        String sideFiles = existing(sideFiles()).stream().map(Path::toString).collect(Collectors.joining(", "));
        if (sideFiles.isEmpty() && exists) {
            throw new RestoreException(file + " already exists; use --force to replace it");
        }
        if (!sideFiles.isEmpty()) {
            throw new RestoreException(exists
                    ? file + " already exists, with " + sideFiles + " that SQLite would apply to the restored database;"
                            + " use --force to replace it and remove them"
                    : sideFiles + " exist: SQLite would apply them to the restored " + file + "; use --force to remove them");
        }
    }

    /** A new empty file in the target's directory, so that the final rename stays on one file system. */
    Path temporary() throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        return Files.createTempFile(directory, TEMPORARY_PREFIX, "");
    }

    /**
     * Puts the verified {@code temporary} in place, durably: what it replaces loses nothing of its
     * mode, the side files go first (a crash then leaves no stale {@code -wal} for the new file),
     * and the file and the directory are synced before this returns.
     */
    void replaceWith(Path temporary) throws RestoreException, IOException {
        check();
        boolean replacing = exists(file);
        List<Path> sideFiles = existing(sideFiles());
        try (DatabaseHolders excluded = replacing || !sideFiles.isEmpty() ? DatabaseHolders.exclude(file, allFiles()) : null) {
            if (Files.exists(file)) {
                keepAttributes(temporary);
            }
            Fsync.of(temporary);
            for (Path sideFile : sideFiles) {
                Files.deleteIfExists(sideFile);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Fsync.of(file.toAbsolutePath().getParent());
        }
    }

    /** The replaced file's mode, and its owner and group where this user may set them (as root). */
    private void keepAttributes(Path temporary) throws IOException {
        PosixFileAttributes replaced = Files.readAttributes(file, PosixFileAttributes.class);
        PosixFileAttributeView view = Files.getFileAttributeView(temporary, PosixFileAttributeView.class);
        PosixFileAttributes current = view.readAttributes();
        if (!replaced.owner().equals(current.owner()) || !replaced.group().equals(current.group())) {
            try {
                view.setGroup(replaced.group());
                view.setOwner(replaced.owner());
            } catch (FileSystemException e) {
                // only root may give a file away: another user's restore keeps its own ownership
            }
        }
        view.setPermissions(replaced.permissions());
    }

    private List<Path> sideFiles() {
        return SQLITE_SUFFIXES.stream().map(suffix -> file.resolveSibling(file.getFileName() + suffix)).toList();
    }

    private List<Path> allFiles() {
        return Stream.concat(Stream.of(file), sideFiles().stream()).toList();
    }

    private static List<Path> existing(List<Path> files) {
        return files.stream().filter(RestoreTarget::exists).toList();
    }

    private static boolean exists(Path path) {
        return Files.exists(path, LinkOption.NOFOLLOW_LINKS);
    }
}
