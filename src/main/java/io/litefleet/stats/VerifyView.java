package io.litefleet.stats;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What the restore drills found since start-up, at one moment: the {@code verify} object of /stats,
 * and what the {@code litefleet_verify_*} meters read.
 *
 * @param checked     snapshots read back and judged, sound or damaged
 * @param failed      of those, the damaged ones
 * @param unreadable  snapshots that could not be read, so were not judged
 * @param stopped     drills that stopped before their end (their target could not be read)
 * @param lastRun     when the last drill ended, ISO-8601 to the millisecond; null before the first
 * @param lastFailure null while no damage was found
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record VerifyView(long runs, long checked, long failed, long unreadable, long stopped, String lastRun,
        VerifyStats.Failure lastFailure) {
}
