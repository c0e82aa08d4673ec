package io.litefleet.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A SQLite database held open by another process (a JVM of its own): it runs the given statements on
 * one connection, says {@value #READY} and keeps the connection open until its stdin closes. Killed
 * with {@code kill -9} ({@link #kill()}), it leaves behind what a crashed writer leaves: its
 * {@code -wal} and {@code -shm}, or a hot {@code -journal}.
 */
public final class HeldDatabase implements AutoCloseable {

    static final String READY = "holding";

    private final Process process;

    private HeldDatabase(Process process) {
        this.process = process;
    }

    /** Starts the holder and returns once the statements ran and the connection is open. */
    public static HeldDatabase start(Path database, String... sql) throws IOException {
        List<String> command = ChildJvm.java();
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), HeldDatabase.class.getName(), database.toString()));
        command.addAll(List.of(sql));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder said = new StringBuilder();
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            if (line.equals(READY)) {
                return new HeldDatabase(process);
            }
            said.append(line).append('\n');
        }
        throw new IOException("the holder of " + database + " exited before holding it:\n" + said);
    }

    public long pid() {
        return process.pid();
    }

    /** {@code kill -9}: no checkpoint, no rollback, no clean-up. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(60, TimeUnit.SECONDS);
    }

    /** Lets the holder close its connection and exit normally. */
    @Override
    public void close() throws Exception {
        if (process.isAlive()) {
            process.getOutputStream().close();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                kill();
            }
        }
    }

    public static void main(String[] args) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + args[0]);
             Statement statement = connection.createStatement()) {
            for (int i = 1; i < args.length; i++) {
                statement.execute(args[i]);
            }
            System.out.println(READY);
            System.out.flush();
            while (System.in.read() >= 0) {
                // held until the test closes our stdin
            }
        }
    }
}
