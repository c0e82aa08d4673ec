package io.litefleet.model;

/** Reasons shown to operators are single lines: one log line per problem, one field in /stats. */
public final class Messages {

    private Messages() {
    }

    public static String oneLine(String message) {
        return message == null ? "unknown error" : message.replaceAll("\\s+", " ").trim();
    }
}
