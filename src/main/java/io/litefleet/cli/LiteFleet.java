package io.litefleet.cli;

/** Entry point of {@code java -jar litefleet.jar} and {@code mvn camel:run}. */
public final class LiteFleet {

    private LiteFleet() {
    }

    public static void main(String[] args) {
        System.exit(LiteFleetCommand.execute(args));
    }
}
