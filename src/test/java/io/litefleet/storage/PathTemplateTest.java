package io.litefleet.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import io.litefleet.InvalidSettingException;
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
    void literalTextAndAnyOrderAreAllowed() {
        PathTemplate template = PathTemplate.parse("backups/{{tenant}}-of-{{project}}/{{branch}}/{{database}}", SEED_VARIABLES, "t");
        assertEquals("backups/t1-of-acme/main/orders", template.render(List.of("acme", "orders", "main", "t1")));
    }

    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
            "{{project}}/{{database}}/{{branch}}; must use {{tenant}}",
            "{{project}}/{{database}}/{{branch}}/{{tenant}}/{{region}}; uses {{region}}",
            "/{{project}}/{{database}}/{{branch}}/{{tenant}}; must not start or end with /",
            "{{project}}//{{database}}/{{branch}}/{{tenant}}; empty path segment",
            "{{project}}/../{{database}}/{{branch}}/{{tenant}}; '.' or '..' segment" })
    void aTemplateThatCouldMixTenantsOrEscapeItsPrefixIsRejected(String template, String reason) {
        InvalidSettingException e = assertThrows(InvalidSettingException.class,
                () -> PathTemplate.parse(template, SEED_VARIABLES, "litefleet.path-template"));
        assertEquals("litefleet.path-template", e.property());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }
}
