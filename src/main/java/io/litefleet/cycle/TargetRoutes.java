package io.litefleet.cycle;

import java.util.Map;

import org.apache.camel.builder.RouteBuilder;

/**
 * The routes of each target, made from the {@code replicate-to} route template of {@code targets.camel.yaml},
 * the {@code prune} template of {@code retention.camel.yaml} and, when restore drills run, the
 * {@code verify} template of {@code verify.camel.yaml}: {@code direct:replicate-to-<name>},
 * {@code direct:prune-<name>} and the drill's timer. Only the instantiation is here, as the list of
 * targets comes from {@code litefleet.target}; what the routes do is in the YAML. The name is the
 * target's ({@code file}), or with {@code litefleet.shards} above 1 the target's in one shard
 * ({@code file-shard3}, whose beans record in that shard's state); both store through the target's
 * own route ({@code direct:store-file}).
 */
public final class TargetRoutes extends RouteBuilder {

    /** The target of each name. */
    private final Map<String, String> targets;
    private final boolean drills;

    /**
     * @param targets the target of each name, in order
     * @param drills  whether each target gets its restore drill
     */
    public TargetRoutes(Map<String, String> targets, boolean drills) {
        this.targets = targets;
        this.drills = drills;
    }

    @Override
    public void configure() {
        targets.forEach((name, target) -> {
            templatedRoute("replicate-to").routeId("replicate-to-" + name).parameter("name", name).parameter("target", target);
            templatedRoute("prune").routeId("prune-" + name).parameter("name", name).parameter("target", target);
            if (drills) {
                templatedRoute("verify").routeId("verify-" + name).parameter("name", name);
            }
        });
    }
}
