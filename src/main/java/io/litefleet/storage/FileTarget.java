package io.litefleet.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
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

import io.litefleet.model.ObjectKeys;
import io.litefleet.model.StoredSnapshot;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots under the file target's directory, keys being paths relative to it.
 * <p>
 * An object is written byte for byte under a temporary name in {@value #TEMPORARY_DIRECTORY}
 * (inside the same directory, so on the same file system), flushed to disk, then renamed to its
 * key and its directory flushed: a reader, a crash or a full disk never leaves a partial object
 * under a key, and a failed write removes its temporary file. A kill leaves one behind, which
 * {@link #removeLeftovers} deletes at the next start.
 */
public final class FileTarget implements Target {

    /** Where objects are written before they are renamed to their key; never listed. */
    public static final String TEMPORARY_DIRECTORY = ".litefleet-tmp";

    private static final Logger LOG = LoggerFactory.getLogger(FileTarget.class);

    private final Path root;
    private final Path temporary;

    public FileTarget(Path root) {
        this.root = root;
        this.temporary = root.resolve(TEMPORARY_DIRECTORY);
    }

    /**
     * Writes an object, atomically: its bytes are under {@code key} once this returns, and nothing
     * is (not even a temporary file) if it throws.
     */
    public void store(InputStream content, String key) throws IOException {
        Path target = root.resolve(checkKey(key));
        try {
            write(content, target);
        } catch (IOException e) {
            throw new TargetException("cannot store " + key + " in " + root, e);
        }
    }

    /** The owner marker: written like an object, replacing the previous one in one step. */
    @Override
    public void put(String key, byte[] content) throws IOException {
        write(new ByteArrayInputStream(content), root.resolve(key));
    }

    @Override
    public Optional<byte[]> read(String key) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(root.resolve(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Temporary file, flushed, renamed over {@code target} (which it replaces), directories flushed. */
    private void write(InputStream content, Path target) throws IOException {
        Files.createDirectories(temporary);
        Path written = Files.createTempFile(temporary, "object-", ".tmp");
        try (content) {
            try (FileChannel channel = FileChannel.open(written, StandardOpenOption.WRITE)) {
                OutputStream out = Channels.newOutputStream(channel);
                content.transferTo(out);
                out.flush();
                channel.force(true);
            }
            Path parent = target.getParent();
            Path existing = parent;
            while (!Files.isDirectory(existing)) {
                existing = existing.getParent();
            }
            Files.createDirectories(parent);
            Files.move(written, target, StandardCopyOption.ATOMIC_MOVE);
            // the rename, and each directory it needed, is durable only once its directory is flushed
            for (Path directory = parent; ; directory = directory.getParent()) {
                Fsync.of(directory);
                if (directory.equals(existing)) {
                    break;
                }
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(written);
            throw e;
        }
    }

    /** Deletes the temporary files of writes a killed process left; creates the directories if needed. */
    public void removeLeftovers() throws IOException {
        Files.createDirectories(temporary);
        try (Stream<Path> files = Files.list(temporary)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(file);
                LOG.debug("Removed unfinished object {}", file);
            }
        }
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        // Walk only the directory the prefix points into, then filter on the full key.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : root.resolve(prefix.substring(0, slash));
        List<StoredObject> objects = new ArrayList<>();
        try (Stream<Path> files = Files.walk(start)) {
            for (Path file : (Iterable<Path>) files.filter(f -> !f.startsWith(temporary) && Files.isRegularFile(f))::iterator) {
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
        try {
            return new OpenedObject(Files.newInputStream(root.resolve(key)), Map.of());
        } catch (NoSuchFileException e) {
            if (!Files.isDirectory(root)) {
                // an unmounted share: the objects are out of reach, not missing (a restore drill would store them all again)
                throw new IOException("cannot read " + root + ": the directory is missing");
            }
            throw e;
        }
    }

    @Override
    public byte[] head(String key, int bytes) throws IOException {
        try (InputStream in = Files.newInputStream(root.resolve(key))) {
            return in.readNBytes(bytes);
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

    /** Only a snapshot key lands in the directory: never outside it, never in the temporary directory. */
    private static String checkKey(String key) throws IOException {
        StoredSnapshot parsed = ObjectKeys.parse(key)
                .orElseThrow(() -> new IOException("'" + key + "' is not a snapshot key"));
        try {
            ObjectKeys.checkPrefix(parsed.prefix());
        } catch (IllegalArgumentException e) {
            throw new IOException("refusing to write '" + key + "': " + e.getMessage());
        }
        if (key.startsWith(TEMPORARY_DIRECTORY + "/")) {
            throw new IOException("refusing to write '" + key + "': " + TEMPORARY_DIRECTORY + " holds unfinished objects");
        }
        return key;
    }
}
