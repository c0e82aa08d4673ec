package io.litefleet.snapshot;

import org.sqlite.SQLiteConfig;

/** How LiteFleet opens the databases it snapshots, and its snapshots to check them. */
final class ReadOnlySqlite {

    /**
     * Page cache per snapshot connection, in KiB. SQLite's default is 2 MB, and {@code VACUUM INTO}
     * gives its output the same again: with 100 snapshots in flight that alone would be 400 MB of
     * native memory. Copying and quick-checking read each page about once, so a small cache costs
     * them little.
     */
    static final int PAGE_CACHE_KIB = 256;

    private ReadOnlySqlite() {
    }

    /** @param smallCache {@link #PAGE_CACHE_KIB} instead of SQLite's default */
    static SQLiteConfig config(boolean smallCache) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        if (smallCache) {
            config.setCacheSize(-PAGE_CACHE_KIB);
        }
        return config;
    }
}
