package io.litefleet.snapshot;

import java.nio.file.Path;

/** A consistent copy of a database in a temporary file, with its size and SHA-256. */
public record Snapshot(Path file, long size, String sha256) {
}
