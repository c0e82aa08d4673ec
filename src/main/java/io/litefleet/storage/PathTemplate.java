package io.litefleet.storage;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.litefleet.InvalidSettingException;

/**
 * The key prefix of a tenant, in the seed's syntax: {@code {{project}}/{{database}}/{{branch}}/{{tenant}}}.
 * <p>
 * The template must use every variable the discovery pattern binds: the bound values identify a
 * database uniquely, so using them all keeps two databases from ever sharing a prefix.
 */
public final class PathTemplate {

    private static final Pattern VARIABLE = Pattern.compile("\\{\\{([^{}]*)}}");

    private final String template;
    /** Literal text and variable positions, alternating: literal, variable, literal, ... */
    private final List<String> literals;
    private final int[] variableIndexes;
    /** The inverse of {@link #render}: one group per variable, each within a key segment. */
    private final Pattern rendered;

    private PathTemplate(String template, List<String> literals, int[] variableIndexes) {
        this.template = template;
        this.literals = literals;
        this.variableIndexes = variableIndexes;
        StringBuilder regex = new StringBuilder(Pattern.quote(literals.get(0)));
        for (int i = 0; i < variableIndexes.length; i++) {
            regex.append("([^/]+)").append(Pattern.quote(literals.get(i + 1)));
        }
        this.rendered = Pattern.compile(regex.toString());
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
        List<String> literals = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        Set<String> used = new LinkedHashSet<>();
        Matcher m = VARIABLE.matcher(template);
        int from = 0;
        while (m.find()) {
            String name = m.group(1).trim();
            int index = variables.indexOf(name);
            if (index < 0) {
                throw new InvalidSettingException(property, "'" + template + "' uses {{" + name
                        + "}}, but the discovery pattern binds only " + String.join(", ", variables));
            }
            literals.add(template.substring(from, m.start()));
            indexes.add(index);
            used.add(name);
            from = m.end();
        }
        literals.add(template.substring(from));
        if (template.contains("{{") || template.contains("}}")) {
            String rest = VARIABLE.matcher(template).replaceAll("");
            if (rest.contains("{") || rest.contains("}")) {
                throw new InvalidSettingException(property, "'" + template + "' has an unbalanced {{ or }}");
            }
        }
        for (String variable : variables) {
            if (!used.contains(variable)) {
                throw new InvalidSettingException(property, "'" + template + "' must use {{" + variable
                        + "}}: without it two databases could share a key prefix");
            }
        }
        for (String literal : literals) {
            for (String segment : literal.split("/", -1)) {
                if (segment.equals(".") || segment.equals("..")) {
                    throw new InvalidSettingException(property, "'" + template + "' has a '.' or '..' segment");
                }
            }
            if (literal.contains("//")) {
                throw new InvalidSettingException(property, "'" + template + "' has an empty path segment");
            }
        }
        return new PathTemplate(template, List.copyOf(literals), indexes.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Renders the prefix from the values the discovery pattern bound, in binding order. */
    public String render(List<String> values) {
        StringBuilder key = new StringBuilder(template.length() + 32);
        for (int i = 0; i < variableIndexes.length; i++) {
            key.append(literals.get(i)).append(values.get(variableIndexes[i]));
        }
        return key.append(literals.get(literals.size() - 1)).toString();
    }

    /**
     * The values (in binding order) that render to {@code prefix}, for restoring a tenant to where
     * the discovery pattern would find it; empty when the prefix was not made by this template.
     */
    public Optional<List<String>> values(String prefix) {
        Matcher m = rendered.matcher(prefix);
        if (!m.matches()) {
            return Optional.empty();
        }
        String[] values = new String[variableIndexes.length];
        for (int i = 0; i < variableIndexes.length; i++) {
            values[variableIndexes[i]] = m.group(i + 1);
        }
        return Optional.of(List.of(values));
    }

    @Override
    public String toString() {
        return template;
    }
}
