package io.litefleet.snapshot;

import org.sqlite.SQLiteConfig;

/** How LiteFleet opens the databases it snapshots, and its snapshots to check them. */
final class ReadOnlySqlite {

    /**
     * Page cache per connection, in KiB. SQLite's default is 2 MB, and {@code VACUUM INTO} gives its
     * output the same again: with 100 snapshots in flight that alone would be 400 MB of native
     * memory. A snapshot reads and writes each page once, so a small cache costs it nothing.
     */
    static final int PAGE_CACHE_KIB = 256;

    private ReadOnlySqlite() {
    }

    static SQLiteConfig config() {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setCacheSize(-PAGE_CACHE_KIB);
        return config;
    }
}
