package io.litefleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import io.litefleet.model.InvalidSettingException;
import io.litefleet.model.ObjectKeys;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PathTemplateTest {

    private static final List<String> SEED_VARIABLES = List.of("project", "database", "branch", "tenant");

    @Test
    void theSeedTemplateRendersTheContractKey() {
        PathTemplate template = PathTemplate.parse("{{project}}/{{database}}/{{branch}}/{{tenant}}", SEED_VARIABLES, "t");
        String prefix = template.render(List.of("acme", "orders", "main", "t0042"));

        assertEquals("acme/orders/main/t0042", prefix);
        assertEquals("acme/orders/main/t0042/20261127T051500.123Z.db.lz4",
                ObjectKeys.snapshotKey(prefix, Instant.parse("2026-11-27T05:15:00.123Z")));
    }

    @Test
    void literalSegmentsAndAnyOrderAreAllowed() {
        PathTemplate template = PathTemplate.parse("backups/{{tenant}}/of/{{project}}/{{branch}}/{{database}}", SEED_VARIABLES, "t");
        assertEquals("backups/t1/of/acme/main/orders", template.render(List.of("acme", "orders", "main", "t1")));
        assertEquals(Optional.of(List.of("acme", "orders", "main", "t1")), template.values("backups/t1/of/acme/main/orders"));
    }

    @Test
    void namesThatAreNotKeySegmentsAsTheyAreRoundTripEncoded() {
        PathTemplate template = PathTemplate.parse("{{project}}/{{database}}/{{branch}}/{{tenant}}", SEED_VARIABLES, "t");
        List<List<String>> odd = List.of(List.of("acme", "orders", "main", ".."), List.of("acme", "orders", "main", "."),
                List.of("a\\b", "100%", "x%2Ey", "t\u0001\u007f"), List.of("...", ". .", "%2E", "caf\u00e9 \uD83D\uDE00"));
        List<String> prefixes = new ArrayList<>();
        for (List<String> values : odd) {
            String prefix = template.render(values);
            assertEquals(4, prefix.split("/", -1).length, prefix);
            for (String segment : prefix.split("/")) {
                assertFalse(segment.equals(".") || segment.equals("..") || segment.contains("\\"), prefix);
            }
            assertEquals(Optional.of(values), template.values(prefix), prefix);
            prefixes.add(prefix);
        }
        assertEquals(List.of("acme/orders/main/%2E%2E", "acme/orders/main/%2E", "a%5Cb/100%25/x%252Ey/t%01%7F",
                ".../. ./%252E/caf\u00e9 \uD83D\uDE00"), prefixes);
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "acme/orders/main/..; raw .. is no encoding",
            "acme/orders/main/a%2Fb; would decode to a separator",
            "acme/orders/main/a%b; stray %",
            "acme/orders/main/a%41; not canonical: A needs no encoding",
            "acme/orders/main/a%2e; lower-case hex is not what encoding makes",
            "acme/orders/main; too few segments" })
    void aPrefixThatNoNameEncodesToHasNoValues(String prefix, String why) {
        PathTemplate template = PathTemplate.parse("{{project}}/{{database}}/{{branch}}/{{tenant}}", SEED_VARIABLES, "t");
        assertEquals(Optional.empty(), template.values(prefix), why);
    }

    @Test
    void aNameThatCannotBeStoredFaithfullyIsRefusedNamingWhy() {
        PathTemplate template = PathTemplate.parse("{{project}}/{{database}}/{{branch}}/{{tenant}}", SEED_VARIABLES, "t");
        IllegalArgumentException notUtf8 = assertThrows(IllegalArgumentException.class,
                () -> template.render(List.of("acme", "orders", "main", "bad\uFFFD")));
        assertTrue(notUtf8.getMessage().contains("not valid UTF-8"), notUtf8.getMessage());
        IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                () -> template.render(List.of("acme", "orders", "main", "%".repeat(90))));
        assertTrue(tooLong.getMessage().contains("270 bytes as a key segment; at most 255"), tooLong.getMessage());
        assertEquals("acme/orders/main/" + "x".repeat(255), template.render(List.of("acme", "orders", "main", "x".repeat(255))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "{{project}}/{{database}}/{{branch}}; must use {{tenant}}",
            "{{project}}/{{database}}/{{branch}}/{{tenant}}/{{region}}; uses {{region}}",
            "/{{project}}/{{database}}/{{branch}}/{{tenant}}; must not start or end with /",
            "{{project}}//{{database}}/{{branch}}/{{tenant}}; empty path segment",
            "{{project}}/../{{database}}/{{branch}}/{{tenant}}; '.' or '..' segment",
            "{{project}}/{{database}}/{{branch}}-{{tenant}}; puts {{branch}} and {{tenant}} in one segment",
            "{{project}}{{database}}/{{branch}}/{{tenant}}; puts {{project}} and {{database}} in one segment",
            "{{project}}/{{database}}/{{branch}}/t-{{tenant}}; puts {{tenant}} and literal text in one segment",
            "{{project}}/{{database}}/{{branch}}/{{tenant}}.db; puts {{tenant}} and literal text in one segment",
            "{{project}}/{{database}}/{{branch}}/{{tenant}}/{{tenant}}; uses {{tenant}} twice",
            "backups%/{{project}}/{{database}}/{{branch}}/{{tenant}}; which keys reserve for encoded names",
            "{{project}}/{{database}}/{{branch}}/{{tenant; unbalanced" })
    void aTemplateThatCouldMixTenantsOrEscapeItsPrefixIsRejected(String template, String reason) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> PathTemplate.parse(template, SEED_VARIABLES, "litefleet.path-template"));
        assertEquals("litefleet.path-template", e.property());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
