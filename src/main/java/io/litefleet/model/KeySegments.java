package io.litefleet.model;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A name (a project, database, branch or tenant as the file system spells it) as one key segment.
 * Most names are their own segment. The few that are not, because a target or a path would
 * read them as something else, are percent-encoded, reversibly: {@code %} becomes {@code %25},
 * {@code \} (which a file target on Windows, and Camel's file producer, treat as a separator)
 * {@code %5C}, control characters (which S3's XML listings cannot carry) {@code %XX}, and the whole
 * segments {@code .} and {@code ..} (which would name the directory itself or its parent)
 * {@code %2E} and {@code %2E%2E}. No segment ever holds {@code /}: a file name cannot.
 */
public final class KeySegments {

    /** The longest file name the file target (and most file systems) can store, in bytes. */
    public static final int MAX_BYTES = 255;

    private KeySegments() {
    }

    /**
     * The key segment of a name.
     *
     * @throws IllegalArgumentException naming why the name cannot be stored faithfully
     */
    public static String encode(String name) {
        if (name.indexOf('\uFFFD') >= 0) {
            // how Java spells file-name bytes that are not UTF-8: two different names would look alike
            throw new IllegalArgumentException("'" + name + "' is not valid UTF-8");
        }
        if (name.isEmpty() || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("'" + name + "' is not a file name");
        }
        String segment;
        if (name.equals(".") || name.equals("..")) {
            segment = name.replace(".", "%2E");
        } else {
            StringBuilder encoded = new StringBuilder(name.length() + 8);
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                if (c == '%' || c == '\\' || c < 0x20 || c == 0x7F) {
                    encoded.append('%').append(String.format("%02X", (int) c));
                } else {
                    encoded.append(c);
                }
            }
            segment = encoded.toString();
        }
        int bytes = segment.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            throw new IllegalArgumentException("'" + name + "' is " + bytes + " bytes as a key segment; at most "
                    + MAX_BYTES + " fit in a file name");
        }
        return segment;
    }

    /**
     * The name a key segment stands for; empty when the segment is not exactly what {@link #encode}
     * makes of some name (a stray {@code %}, {@code %2F}, a raw {@code ..}), so that no key from a
     * bucket decodes to a name with a separator in it, and each name has one key.
     */
    public static Optional<String> decode(String segment) {
        if (segment.indexOf('%') < 0) {
            return canonical(segment, segment);
        }
        StringBuilder name = new StringBuilder(segment.length());
        for (int i = 0; i < segment.length(); i++) {
            char c = segment.charAt(i);
            if (c != '%') {
                name.append(c);
            } else if (i + 2 < segment.length() && isHex(segment.charAt(i + 1)) && isHex(segment.charAt(i + 2))) {
                name.append((char) Integer.parseInt(segment.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                return Optional.empty();
            }
        }
        return canonical(name.toString(), segment);
    }

    /**
     * The prefix of a slash-separated path of names, such as a tenant given on the command
     * line ({@code acme/orders/main/t0042}): each segment encoded.
     *
     * @throws IllegalArgumentException naming a segment that cannot be a key segment
     */
    public static String encodePath(String names) {
        return Arrays.stream(names.split("/", -1)).map(KeySegments::encode).collect(Collectors.joining("/"));
    }

    /** The names of a prefix, for messages: each segment decoded where it is an encoding. */
    public static String decodePath(String prefix) {
        return Arrays.stream(prefix.split("/", -1)).map(s -> decode(s).orElse(s)).collect(Collectors.joining("/"));
    }

    private static Optional<String> canonical(String name, String segment) {
        try {
            return encode(name).equals(segment) ? Optional.of(name) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }
}
