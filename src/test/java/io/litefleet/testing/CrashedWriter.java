package io.litefleet.testing;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An application killed with {@code kill -9} in the middle of a transaction in rollback-journal
 * mode: its page cache is so small that the transaction has already written pages into the
 * database file, so the file holds half a transaction and {@code <db>-journal} is hot.
 */
public final class CrashedWriter {

    private static final String READY = "in the middle of the transaction";

    private CrashedWriter() {
    }

    /** Runs {@code sql} (after BEGIN) in a separate process on {@code database} and kills it before it commits. */
    public static void crashDuring(Path database, String... sql) throws Exception {
        List<String> command = ChildJvm.java();
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CrashedWriter.class.getName(), database.toString()));
        command.addAll(List.of(sql));
        Process writer = new ProcessBuilder(command).redirectErrorStream(true).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null && !line.equals(READY)) {
                System.out.println("writer: " + line);
            }
            if (line == null) {
                throw new IllegalStateException("the writer ended before its transaction was under way");
            }
            writer.destroyForcibly(); // SIGKILL: no rollback, no close
            if (!writer.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the writer did not die");
            }
        }
        if (!Files.exists(database.resolveSibling(database.getFileName() + "-journal"))) {
            throw new IllegalStateException("no journal left behind");
        }
    }

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + args[0]); Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode=DELETE");
            s.execute("PRAGMA cache_size=10"); // pages spill into the database file before the commit
            s.execute("BEGIN");
            for (int i = 1; i < args.length; i++) {
                s.execute(args[i]);
            }
            System.out.println(READY);
            System.out.flush();
            Thread.sleep(600_000);
        }
    }
}
