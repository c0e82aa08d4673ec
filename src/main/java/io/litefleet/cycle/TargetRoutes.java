package io.litefleet.cycle;

import java.util.List;

import org.apache.camel.builder.RouteBuilder;

/**
 * The routes of each target, made from the {@code replicate-to} route template of {@code targets.camel.yaml},
 * the {@code prune} template of {@code retention.camel.yaml} and, when restore drills run, the
 * {@code verify} template of {@code verify.camel.yaml}: {@code direct:replicate-to-<name>},
 * {@code direct:prune-<name>} and the drill's timer. Only the instantiation is here, as the list of
 * targets comes from {@code litefleet.target}; what the routes do is in the YAML.
 */
public final class TargetRoutes extends RouteBuilder {

    private final List<String> targets;
    private final boolean drills;

    /** @param drills whether each target gets its restore drill */
    public TargetRoutes(List<String> targets, boolean drills) {
        this.targets = List.copyOf(targets);
        this.drills = drills;
    }

    @Override
    public void configure() {
        for (String target : targets) {
            templatedRoute("replicate-to").routeId("replicate-to-" + target).parameter("name", target);
            templatedRoute("prune").routeId("prune-" + target).parameter("name", target);
            if (drills) {
                templatedRoute("verify").routeId("verify-" + target).parameter("name", target);
            }
        }
    }
}
