package io.litefleet.settings;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.litefleet.model.InvalidSettingException;

/** A directory the replicator writes to, checked at start-up rather than at its first write. */
public final class WritableDirectory {

    private WritableDirectory() {
    }

    /** Creates the directory if it is missing; refuses one that is a file or that this user cannot write. */
    public static void check(Path directory, String property) {
        Path absolute = directory.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new InvalidSettingException(property, absolute + " is not a directory");
        }
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            String reason = e instanceof FileSystemException f && f.getReason() != null ? f.getReason() : e.toString();
            throw new InvalidSettingException(property, "cannot create " + absolute + " (" + reason + ")");
        }
        // access(2) as the user LiteFleet runs as: permissions, and a read-only mount
        if (!Files.isWritable(absolute) || !Files.isExecutable(absolute)) {
            throw new InvalidSettingException(property, absolute + " is not writable");
        }
    }
}
