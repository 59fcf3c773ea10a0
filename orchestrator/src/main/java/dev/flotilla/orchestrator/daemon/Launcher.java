package dev.flotilla.orchestrator.daemon;

import dev.flotilla.orchestrator.identity.DataDir;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Starts {@code flotilla daemon --data-dir D} as a background process detached from the terminal (its own session
 * via setsid when available), with its output appended to {@code D/daemon.log}. Extra JVM options come from
 * {@code FLOTILLA_DAEMON_JAVA_OPTS}.
 */
public final class Launcher {
    public static final String MAIN = "dev.flotilla.orchestrator.cli.Main";

    private Launcher() {
    }

    public static Process spawn(DataDir dir) throws IOException {
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            cmd.add("/usr/bin/setsid");
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        String opts = System.getenv("FLOTILLA_DAEMON_JAVA_OPTS");
        if (opts == null || opts.isBlank()) {
            opts = "-Xms64m -Xmx256m -XX:+UseSerialGC";
        }
        cmd.addAll(Arrays.stream(opts.trim().split("\\s+")).toList());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(MAIN);
        cmd.add("daemon");
        cmd.add("--data-dir");
        cmd.add(dir.root().toString());
        Files.createDirectories(dir.root());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.logFile().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return pb.start();
    }

    /** The last lines of the daemon's log, to show why it did not come up. */
    public static String tail(DataDir dir, int lines) {
        try {
            List<String> all = Files.readAllLines(dir.logFile());
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log at " + dir.logFile() + ")";
        }
    }
}
