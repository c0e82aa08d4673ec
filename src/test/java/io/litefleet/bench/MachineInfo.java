package io.litefleet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the figures were measured on, printed with them. */
final class MachineInfo {

    private MachineInfo() {
    }

    static String describe(Path work) {
        return String.join("\n",
                "cpu:    " + Runtime.getRuntime().availableProcessors() + " cores, " + cpuModel(),
                "memory: " + memTotal(),
                "kernel: " + command("uname", "-sr"),
                "java:   " + System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
                "disk:   " + command("df", "-hT", work.toString()).lines().skip(1).findFirst().orElse("?"));
    }

    private static String cpuModel() {
        return grep(Path.of("/proc/cpuinfo"), "model name").orElse("unknown model");
    }

    private static String memTotal() {
        return grep(Path.of("/proc/meminfo"), "MemTotal").map(String::strip).orElse("?");
    }

    private static java.util.Optional<String> grep(Path file, String key) {
        try {
            return Files.readAllLines(file).stream().filter(l -> l.startsWith(key))
                    .map(l -> l.substring(l.indexOf(':') + 1).strip()).findFirst();
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }

    /** One command's output, or "?" when it cannot run. */
    static String command(String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor(10, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
