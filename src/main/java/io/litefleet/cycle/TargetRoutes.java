package io.litefleet.cycle;

import java.util.List;

import org.apache.camel.builder.RouteBuilder;

/**
 * The routes of each target, made from the {@code replicate-to} route template of {@code targets.camel.yaml}
 * and the {@code prune} template of {@code retention.camel.yaml}: {@code direct:replicate-to-<name>} and
 * {@code direct:prune-<name>}. Only
 * the instantiation is here, as the list of targets comes from {@code litefleet.target}; what the
 * routes do is in the YAML.
 */
public final class TargetRoutes extends RouteBuilder {

    private final List<String> targets;

    public TargetRoutes(List<String> targets) {
        this.targets = List.copyOf(targets);
    }

    @Override
    public void configure() {
        for (String target : targets) {
            templatedRoute("replicate-to").routeId("replicate-to-" + target).parameter("name", target);
            templatedRoute("prune").routeId("prune-" + target).parameter("name", target);
        }
    }
}
