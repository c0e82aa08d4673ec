package io.litefleet.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

class ShardedStatesTest {

    /**
     * The shard of a tenant is part of the format: members on other hosts and versions must agree,
     * and a new version that moved tenants would store each moved tenant again. Pinned values.
     */
    @Test
    void aTenantsShardIsTheCrc32OfItsPrefixModuloTheShards() {
        // CRC-32 of "acme/orders/main/t1" is 0xcb590326, of ".../t2" 0x5250529c (as zlib and gzip compute them)
        assertEquals(0, ShardedStates.shardOf("acme/orders/main/t1", 6));
        assertEquals(4, ShardedStates.shardOf("acme/orders/main/t2", 6));
        assertEquals(0x5250529cL % 7, ShardedStates.shardOf("acme/orders/main/t2", 7));
        // a key prefix as ObjectKeys makes it: CRC-32 0x148eeffd
        assertEquals(3, ShardedStates.shardOf("acme/%C3%B6rdern/main/t1", 6));
        assertEquals(0, ShardedStates.shardOf("acme/orders/main/t2", 1), "one shard holds every tenant");
    }

    @Test
    void theFleetSpreadsOverEveryShard() {
        int[] perShard = new int[6];
        IntStream.range(0, 6000).forEach(i -> perShard[ShardedStates.shardOf("project/db/main/tenant-" + i, 6)]++);
        assertTrue(Arrays.stream(perShard).allMatch(n -> n > 800 && n < 1200), Arrays.toString(perShard));
    }

    @Test
    void eachShardKeepsItsStatesInADirectoryNamedForItsShardAndTheirCount() {
        assertEquals(Path.of("/srv/state"), ShardedStates.directory(Path.of("/srv/state"), 0, 1), "one shard: as always");
        assertEquals(Path.of("/srv/state/shard-3-of-6"), ShardedStates.directory(Path.of("/srv/state"), 3, 6));
    }
}
