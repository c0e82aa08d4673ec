package io.litefleet.cli;

import io.litefleet.cli.LiteFleetCommand;

/** Entry point of {@code java -jar litefleet.jar} and {@code mvn camel:run}. */
public final class LiteFleet {

    private LiteFleet() {
    }

    public static void main(String[] args) {
        System.exit(LiteFleetCommand.execute(args));
    }
}
