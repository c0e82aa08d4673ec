package io.litefleet.storage;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.litefleet.model.InvalidSettingException;
import io.litefleet.model.KeySegments;
import io.litefleet.model.ObjectKeys;

/**
 * The prefix of a tenant, in the seed's syntax: {@code {{project}}/{{database}}/{{branch}}/{{tenant}}}.
 * <p>
 * Rendering is injective and reversible, so two databases never share a prefix (one's retention
 * would delete the other's snapshots) and restore finds every name again: the template uses every
 * variable the discovery pattern binds, each variable is a whole key segment (in
 * {@code {{branch}}-{{tenant}}}, branch {@code a-b} with tenant {@code c} and branch {@code a}
 * with tenant {@code b-c} would meet), and each value is one segment through {@link KeySegments}.
 */
public final class PathTemplate {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{([^{}]*)}}");
    /** What a key holds after its prefix, at most: {@code /<timestamp>.db.lz4.age}. */
    private static final int KEY_SUFFIX_BYTES = "/yyyyMMddTHHmmss.SSSZ".length() + ObjectKeys.ENCRYPTED_SUFFIX.length();
    /** S3's longest key, in UTF-8 bytes. */
    private static final int MAX_KEY_BYTES = 1024;

    private final String template;
    /** One entry per key segment: the literal segment, or null where a variable goes. */
    private final List<String> literals;
    /** Per key segment, the binding index of its variable (-1 for a literal segment). */
    private final int[] variableIndexes;
    private final int variableCount;

    private PathTemplate(String template, List<String> literals, int[] variableIndexes) {
        this.template = template;
        this.literals = literals;
        this.variableIndexes = variableIndexes;
        this.variableCount = (int) Arrays.stream(variableIndexes).filter(i -> i >= 0).count();
    }

    /**
     * @param template  the configured template
     * @param variables the variables the discovery pattern binds, in binding order
     * @param property  the property it came from, named in errors
     */
    public static PathTemplate parse(String template, List<String> variables, String property) {
        if (template.startsWith("/") || template.endsWith("/")) {
            throw new InvalidSettingException(property, "'" + template + "' must not start or end with /");
        }
        if (VARIABLE.matcher(template).replaceAll("").matches(".*[{}].*")) {
            throw new InvalidSettingException(property, "'" + template + "' has an unbalanced {{ or }}");
        }
        List<String> literals = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        for (String segment : template.split("/", -1)) {
            Matcher m = VARIABLE.matcher(segment);
            if (!m.find()) {
                literals.add(literal(template, segment, property));
                indexes.add(-1);
                continue;
            }
            String name = m.group(1).trim();
            if (m.start() > 0 || m.end() < segment.length()) {
                String other = m.find() ? "{{" + m.group(1).trim() + "}}" : "literal text";
                throw new InvalidSettingException(property, "'" + template + "' puts {{" + name + "}} and " + other
                        + " in one segment '" + segment + "': two databases could share a prefix; make every variable a whole /-separated segment");
            }
            int index = variables.indexOf(name);
            if (index < 0) {
                throw new InvalidSettingException(property, "'" + template + "' uses {{" + name
                        + "}}, but the discovery pattern binds only " + String.join(", ", variables));
            }
            if (!used.add(name)) {
                throw new InvalidSettingException(property, "'" + template + "' uses {{" + name + "}} twice");
            }
            literals.add(null);
            indexes.add(index);
        }
        for (String variable : variables) {
            if (!used.contains(variable)) {
                throw new InvalidSettingException(property, "'" + template + "' must use {{" + variable
                        + "}}: without it two databases could share a prefix");
            }
        }
        return new PathTemplate(template, Collections.unmodifiableList(literals),
                indexes.stream().mapToInt(Integer::intValue).toArray());
    }

    /** A literal segment must be its own key segment, so that decoding a prefix segment by segment is exact. */
    private static String literal(String template, String segment, String property) {
        if (segment.isEmpty()) {
            throw new InvalidSettingException(property, "'" + template + "' has an empty path segment");
        }
        if (segment.equals(".") || segment.equals("..")) {
            throw new InvalidSettingException(property, "'" + template + "' has a '.' or '..' segment");
        }
        String encoded;
        try {
            encoded = KeySegments.encode(segment);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingException(property, "'" + template + "' has a segment " + e.getMessage());
        }
        if (!encoded.equals(segment)) {
            throw new InvalidSettingException(property, "'" + template + "' has a segment '" + segment
                    + "' with %, \\ or a control character, which keys reserve for encoded names");
        }
        return segment;
    }

    /**
     * Renders the prefix from the values the discovery pattern bound, in binding order.
     *
     * @throws IllegalArgumentException naming a value that cannot be stored faithfully (see {@link KeySegments#encode})
     */
    public String render(List<String> values) {
        StringBuilder key = new StringBuilder(template.length() + 32);
        for (int i = 0; i < literals.size(); i++) {
            if (i > 0) {
                key.append('/');
            }
            key.append(variableIndexes[i] < 0 ? literals.get(i) : KeySegments.encode(values.get(variableIndexes[i])));
        }
        String prefix = key.toString();
        int bytes = prefix.getBytes(StandardCharsets.UTF_8).length + KEY_SUFFIX_BYTES;
        if (bytes > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("its keys would be " + bytes + " bytes; S3 allows " + MAX_KEY_BYTES);
        }
        return prefix;
    }

    /**
     * The values (in binding order) that render to {@code prefix}, for restoring a tenant to where
     * the discovery pattern would find it; empty when the prefix was not made by this template.
     */
    public Optional<List<String>> values(String prefix) {
        String[] segments = prefix.split("/", -1);
        if (segments.length != literals.size()) {
            return Optional.empty();
        }
        String[] values = new String[variableCount];
        for (int i = 0; i < segments.length; i++) {
            if (variableIndexes[i] < 0) {
                if (!literals.get(i).equals(segments[i])) {
                    return Optional.empty();
                }
                continue;
            }
            Optional<String> value = KeySegments.decode(segments[i]);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            values[variableIndexes[i]] = value.get();
        }
        return Optional.of(List.of(values));
    }

    @Override
    public String toString() {
        return template;
    }
}
