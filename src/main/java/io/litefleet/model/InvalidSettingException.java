package io.litefleet.model;

/**
 * A configuration mistake, reported at start-up as one line naming the property and what is wrong
 * with it, before any route starts.
 */
public final class InvalidSettingException extends RuntimeException {

    private final String property;

    public InvalidSettingException(String property, String problem) {
        super(property + ": " + problem);
        this.property = property;
    }

    public String property() {
        return property;
    }
}
