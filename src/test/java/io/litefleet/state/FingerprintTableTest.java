package io.litefleet.state;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import io.litefleet.model.Fingerprint;
import org.junit.jupiter.api.Test;

/** The compact table against a plain map, through a long random run of puts, removals and scans. */
class FingerprintTableTest {

    private static final Path[] DIRECTORIES = { Path.of("/data/a/tenants"), Path.of("/data/b/tenants") };

    @Test
    void agreesWithAMapThroughPutsRemovalsAndScans() {
        FingerprintTable table = new FingerprintTable();
        Map<Path, Fingerprint> model = new HashMap<>();
        Random random = new Random(42);
        for (int step = 0; step < 200_000; step++) {
            Path db = DIRECTORIES[random.nextInt(2)].resolve("t" + random.nextInt(3_000) + ".db");
            Fingerprint fingerprint = new Fingerprint(random.nextInt(3), random.nextInt(3), 7, 0, 0, 0, 0);
            switch (random.nextInt(10)) {
                case 0, 1, 2, 3 -> {
                    table.put(db, fingerprint);
                    model.put(db, fingerprint);
                }
                case 4 -> {
                    table.remove(db);
                    model.remove(db);
                }
                case 5 -> {
                    if (random.nextInt(1_000) == 0) {
                        scanSeeingHalf(table, model, random);
                    }
                }
                default -> assertEquals(fingerprint.equals(model.get(db)),
                        table.matchesAndMarkSeen(db.getParent(), db.getFileName().toString(), fingerprint), db.toString());
            }
            if (step % 10_000 == 0) {
                assertEquals(model.size(), table.size());
            }
        }
        assertEquals(model.size(), table.size());
    }

    @Test
    void anIncompleteScanForgetsNothingAndClearsWhatItSaw() {
        FingerprintTable table = new FingerprintTable();
        Fingerprint f = new Fingerprint(1, 2, 7, 2, 0, 0, 0);
        Path kept = DIRECTORIES[0].resolve("kept.db");
        Path unseen = DIRECTORIES[0].resolve("unseen.db");
        table.put(kept, f);
        table.put(unseen, f);

        table.matchesAndMarkSeen(kept.getParent(), "kept.db", f);
        assertEquals(List.of(), table.endScan(d -> false));
        assertEquals(2, table.size());

        // the mark of the incomplete scan does not carry over to the next one
        assertEquals(Set.of(kept, unseen), new HashSet<>(table.endScan(d -> true)));
        assertEquals(0, table.size());
    }

    @Test
    void aDatabaseRemovedAndRecordedAgainIsNotSeenUntilAScanFindsIt() {
        FingerprintTable table = new FingerprintTable();
        Fingerprint f = new Fingerprint(1, 2, 7, 2, 0, 0, 0);
        Path db = DIRECTORIES[0].resolve("t.db");
        table.put(db, f);
        table.matchesAndMarkSeen(db.getParent(), "t.db", f);
        table.remove(db);
        table.put(db, f);

        assertEquals(List.of(db), table.endScan(d -> true), "the mark went with the removed entry");
    }

    /** A complete scan that finds a random half of the databases: the other half is forgotten. */
    private static void scanSeeingHalf(FingerprintTable table, Map<Path, Fingerprint> model, Random random) {
        table.endScan(d -> false); // forget the lookups made since the last scan
        Set<Path> gone = new HashSet<>();
        for (Map.Entry<Path, Fingerprint> e : model.entrySet()) {
            if (random.nextBoolean()) {
                table.matchesAndMarkSeen(e.getKey().getParent(), e.getKey().getFileName().toString(), e.getValue());
            } else {
                gone.add(e.getKey());
            }
        }
        assertEquals(gone, new HashSet<>(table.endScan(d -> true)));
        model.keySet().removeAll(gone);
    }
}
