package io.litefleet.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** fsync: a file's content, or a directory's entries (a rename in it is durable only then). */
public final class Fsync {

    private Fsync() {
    }

    public static void of(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
