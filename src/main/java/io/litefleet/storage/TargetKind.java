package io.litefleet.storage;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** A target of the snapshots. */
public enum TargetKind {
    S3, FILE;

    /** The name used in properties, route ids, the state directory and {@code --target} ({@code s3}, {@code file}). */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<TargetKind> of(String id) {
        return Arrays.stream(values()).filter(t -> t.id().equals(id)).findFirst();
    }
}
