package io.litefleet.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** Snapshots under the file target's directory, keys being paths relative to it. */
public final class FileSnapshotStore implements SnapshotStore {

    private final Path root;

    public FileSnapshotStore(Path root) {
        this.root = root;
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        // Walk only the directory the prefix points into, then filter on the full key.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        List<StoredObject> objects = new ArrayList<>();
        try (Stream<Path> files = Files.walk(start)) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String key = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                if (key.startsWith(prefix)) {
                    objects.add(new StoredObject(key, Files.size(file)));
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        objects.sort(Comparator.comparing(StoredObject::key));
        return objects;
    }

    @Override
    public OpenedObject open(String key) throws IOException {
        return new OpenedObject(Files.newInputStream(root.resolve(key)), Map.of());
    }

    @Override
    public Optional<byte[]> read(String key) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(root.resolve(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * A temporary file beside the object, synced, then renamed over it: a reader never sees half of
     * it. Always the same temporary name, so one left by a kill is simply overwritten next time.
     */
    @Override
    public void put(String key, byte[] content) throws IOException {
        Path target = root.resolve(key);
        Files.createDirectories(target.getParent());
        Path temporary = target.resolveSibling("." + target.getFileName() + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                channel.write(ByteBuffer.wrap(content));
                channel.force(true);
            }
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    @Override
    public void delete(List<String> keys) throws IOException {
        for (String key : keys) {
            Files.deleteIfExists(root.resolve(key));
        }
    }

    @Override
    public String describe() {
        return root.toAbsolutePath().toString();
    }
}
