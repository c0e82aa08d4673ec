package io.litefleet.discovery;

import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.litefleet.model.Fingerprint;
import io.litefleet.model.InvalidSettingException;

/**
 * The discovery glob, such as {@code data/*}{@code /databases/*}{@code /branches/*}{@code /tenants/*.db}.
 * <p>
 * Each {@code *} matches within one path segment and binds, in order, to {@code project},
 * {@code database}, {@code branch} and {@code tenant}, which is how the seed's pattern and path
 * template fit together. The walk lists each directory level once: the tenant directory listing
 * also tells which databases have a {@code -wal} file, so a whole walk costs one stat per database
 * plus one per existing WAL, never a failed stat per database.
 */
public final class DiscoveryPattern {

    /** The names the wildcards bind to, in order. */
    public static final List<String> VARIABLES = List.of("project", "database", "branch", "tenant");

    private final String glob;
    private final Path base;
    private final List<Segment> segments;
    private final List<String> variables;

    private DiscoveryPattern(String glob, Path base, List<Segment> segments, int wildcards) {
        this.glob = glob;
        this.base = base.toString().isEmpty() ? Path.of(".") : base;
        this.segments = segments;
        this.variables = VARIABLES.subList(0, wildcards);
    }

    /**
     * @param  glob     the configured pattern, absolute or relative to the working directory
     * @param  property the property it came from, named in errors
     */
    public static DiscoveryPattern parse(String glob, String property) {
        if (glob.contains("**")) {
            throw new InvalidSettingException(property, "'" + glob + "' uses **; use one * per directory level");
        }
        if (glob.matches(".*[?\\[\\]{}\\\\].*")) {
            throw new InvalidSettingException(property, "'" + glob + "' may only use * as a wildcard");
        }
        int wildcards = (int) glob.chars().filter(c -> c == '*').count();
        if (wildcards == 0) {
            throw new InvalidSettingException(property,
                    "'" + glob + "' has no * wildcard; expected something like data/*/databases/*/branches/*/tenants/*.db");
        }
        if (wildcards > VARIABLES.size()) {
            throw new InvalidSettingException(property,
                    "'" + glob + "' has " + wildcards + " wildcards; at most 4 can bind to " + String.join(", ", VARIABLES));
        }
        boolean absolute = glob.startsWith("/");
        String[] parts = (absolute ? glob.substring(1) : glob).split("/", -1);
        Path base = absolute ? Path.of("/") : Path.of("");
        List<Segment> segments = new ArrayList<>();
        for (String part : parts) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw new InvalidSettingException(property, "'" + glob + "' has an empty, '.' or '..' path segment");
            }
            if (segments.isEmpty() && part.indexOf('*') < 0) {
                base = base.resolve(part);
            } else {
                segments.add(Segment.of(part));
            }
        }
        return new DiscoveryPattern(glob, base, List.copyOf(segments), wildcards);
    }

    /** The variables this pattern binds, a prefix of {@link #VARIABLES}. */
    public List<String> variables() {
        return variables;
    }

    /** The directory the walk starts from (the pattern's leading literal segments). */
    public Path base() {
        return base;
    }

    /**
     * Where a database with these bound values sits below the pattern's base directory: the default
     * pattern gives {@code <project>/databases/<database>/branches/<branch>/tenants/<tenant>.db}.
     */
    public Path layout(List<String> values) {
        Path path = Path.of("");
        int next = 0;
        for (Segment segment : segments) {
            if (segment.isLiteral()) {
                path = path.resolve(segment.literal());
            } else {
                String[] parts = segment.source().split("\\*", -1);
                StringBuilder name = new StringBuilder(parts[0]);
                for (int i = 1; i < parts.length; i++) {
                    name.append(values.get(next++)).append(parts[i]);
                }
                path = path.resolve(name.toString());
            }
        }
        return path;
    }

    @Override
    public String toString() {
        return glob;
    }

    /** A database file the pattern matched; the values it binds are worked out only when asked for. */
    public static final class Match {
        private final Leaf leaf;
        private final String name;
        private final boolean hasWal;

        Match(Leaf leaf, String name, boolean hasWal) {
            this.leaf = leaf;
            this.name = name;
            this.hasWal = hasWal;
        }

        public Path directory() {
            return leaf.directory();
        }

        public String name() {
            return name;
        }

        public Path database() {
            return leaf.directory().resolve(name);
        }

        /** Whether the directory listing showed a {@code -wal} file beside it. */
        public boolean hasWal() {
            return hasWal;
        }

        /** The values the wildcards bound, in the order of {@link #variables()}. */
        public List<String> values() {
            return leaf.segment.bind(name, leaf.values);
        }

        @Override
        public String toString() {
            return database() + " " + values() + (hasWal ? " +wal" : "");
        }
    }

    /** A directory whose entries the pattern's last segment matches: where databases live. */
    public static final class Leaf {
        private final Path directory;
        private final List<String> values;
        private final Segment segment;

        private Leaf(Path directory, List<String> values, Segment segment) {
            this.directory = directory;
            this.values = values;
            this.segment = segment;
        }

        public Path directory() {
            return directory;
        }

        /** Whether a file of this name is one of its databases or a database's {@code -wal}. */
        public boolean concernsDatabase(String name) {
            String database = name.endsWith(Fingerprint.WAL_SUFFIX) ? name.substring(0, name.length() - Fingerprint.WAL_SUFFIX.length()) : name;
            return segment.matches(database);
        }

        @Override
        public String toString() {
            return directory.toString();
        }
    }

    /**
     * Receives what a walk finds. Directories of databases are listed in parallel, so
     * {@link #matched}, {@link #listed} and {@link #unreadable} are called from several threads at once.
     */
    public interface Visitor {
        void matched(Match match);

        /** A directory on the way could not be listed; the walk goes on without it. */
        void unreadable(Path directory, IOException problem);

        /**
         * About to list {@code directory}: a directory of databases ({@code leaf}) or one above them
         * (empty). A whole walk only, on the calling thread.
         */
        default void entering(Path directory, Optional<Leaf> leaf) {
        }

        /** {@code leaf} was listed and held {@code databases} matching files. */
        default void listed(Leaf leaf, int databases) {
        }
    }

    /**
     * Walks the whole fleet once, calling the visitor for every matching regular file or link, and
     * returns the directories that hold databases. The directories above them are walked on the
     * calling thread; the directories holding the databases, where nearly all the work is, are
     * listed on every core.
     */
    public List<Leaf> walk(Visitor visitor) {
        List<Leaf> leaves = new ArrayList<>();
        findLeaves(base, 0, List.of(), leaves, visitor);
        walk(leaves, visitor);
        return leaves;
    }

    /** Lists only {@code leaves}, found by an earlier whole walk. */
    public void walk(Collection<Leaf> leaves, Visitor visitor) {
        leaves.parallelStream().forEach(leaf -> listDatabases(leaf, visitor));
    }

    private void findLeaves(Path directory, int depth, List<String> values, List<Leaf> leaves, Visitor visitor) {
        Segment segment = segments.get(depth);
        if (depth == segments.size() - 1) {
            Leaf leaf = new Leaf(directory, values, segment);
            visitor.entering(directory, Optional.of(leaf));
            leaves.add(leaf);
            return;
        }
        visitor.entering(directory, Optional.empty());
        if (segment.isLiteral()) {
            Path next = directory.resolve(segment.literal());
            if (isDirectory(next, directory, visitor)) {
                findLeaves(next, depth + 1, values, leaves, visitor);
            }
            return;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (segment.matches(name) && isDirectory(entry, directory, visitor)) {
                    findLeaves(entry, depth + 1, segment.bind(name, values), leaves, visitor);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            // the directory vanished between listing and walking: nothing to find there
        } catch (IOException e) {
            visitor.unreadable(directory, e);
        } catch (DirectoryIteratorException e) {
            visitor.unreadable(directory, e.getCause());
        }
    }

    /**
     * Whether {@code path}, found in {@code parent}, is a directory (or a link to one). Unlike
     * {@link Files#isDirectory}, a path that cannot be stat-ed (most often: {@code parent} may be
     * read but not searched) is not taken as "no directory" but reported: a part of the fleet the
     * walk could not see.
     */
    private static boolean isDirectory(Path path, Path parent, Visitor visitor) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).isDirectory();
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            visitor.unreadable(parent, e);
            return false;
        }
    }

    private static void listDatabases(Leaf leaf, Visitor visitor) {
        List<String> names = new ArrayList<>();
        Set<String> walFiles = new HashSet<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(leaf.directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (name.endsWith(Fingerprint.WAL_SUFFIX)) {
                    walFiles.add(name);
                } else if (leaf.segment.matches(name)) {
                    names.add(name);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return;
        } catch (IOException e) {
            visitor.unreadable(leaf.directory, e);
            return;
        } catch (DirectoryIteratorException e) {
            visitor.unreadable(leaf.directory, e.getCause());
            return;
        }
        for (String name : names) {
            visitor.matched(new Match(leaf, name, !walFiles.isEmpty() && walFiles.contains(name + Fingerprint.WAL_SUFFIX)));
        }
        visitor.listed(leaf, names.size());
    }

    /**
     * One path segment of the glob: a literal name, or a pattern with a capture per {@code *}. A
     * segment with one {@code *} (such as {@code *.db}) is matched by prefix and suffix, since it
     * is tested against every file name of the fleet each cycle.
     */
    private record Segment(String source, String literal, String prefix, String suffix, Pattern regex) {

        static Segment of(String part) {
            int star = part.indexOf('*');
            if (star < 0) {
                return new Segment(part, part, null, null, null);
            }
            if (part.indexOf('*', star + 1) < 0) {
                return new Segment(part, null, part.substring(0, star), part.substring(star + 1), null);
            }
            StringBuilder regex = new StringBuilder();
            int from = 0;
            for (int next = star; next >= 0; next = part.indexOf('*', from)) {
                if (next > from) {
                    regex.append(Pattern.quote(part.substring(from, next)));
                }
                regex.append("(.+)");
                from = next + 1;
            }
            if (from < part.length()) {
                regex.append(Pattern.quote(part.substring(from)));
            }
            return new Segment(part, null, null, null, Pattern.compile(regex.toString()));
        }

        boolean isLiteral() {
            return literal != null;
        }

        boolean matches(String name) {
            if (isLiteral()) {
                return literal.equals(name);
            }
            if (regex == null) {
                return name.length() > prefix.length() + suffix.length() && name.startsWith(prefix) && name.endsWith(suffix);
            }
            return regex.matcher(name).matches();
        }

        /** The values bound so far plus this segment's captures; {@code name} must match. */
        List<String> bind(String name, List<String> values) {
            if (isLiteral()) {
                return values;
            }
            List<String> bound = new ArrayList<>(values.size() + 2);
            bound.addAll(values);
            if (regex == null) {
                bound.add(name.substring(prefix.length(), name.length() - suffix.length()));
                return bound;
            }
            Matcher m = regex.matcher(name);
            if (!m.matches()) {
                throw new IllegalArgumentException(name + " does not match " + source);
            }
            for (int g = 1; g <= m.groupCount(); g++) {
                bound.add(m.group(g));
            }
            return bound;
        }
    }
}
