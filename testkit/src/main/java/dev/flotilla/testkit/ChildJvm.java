package dev.flotilla.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real JVM process started by a test (a Raft manager, a node agent, a Tomcat). Output goes to a log file so a
 * failing test can show it. Supports the faults tests inject: SIGKILL, SIGSTOP and SIGCONT.
 */
public final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path log;
    private final String name;

    private ChildJvm(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code java [jvmArgs] -cp classpath mainClass args} with the given extra environment. */
    public static ChildJvm start(String name, String classpath, List<String> jvmArgs, String mainClass,
                                 List<String> args, Map<String, String> env, Path logFile) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return exec(name, cmd, env, logFile);
    }

    /** Starts any command (for example catalina.sh) as a child process with the same fault controls. */
    public static ChildJvm exec(String name, List<String> cmd, Map<String, String> env, Path logFile) {
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            pb.environment().putAll(env);
            return new ChildJvm(name, pb.start(), logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + name + ": " + cmd, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Process process() {
        return process;
    }

    public String output() {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "<cannot read " + log + ": " + e + ">";
        }
    }

    public Path logFile() {
        return log;
    }

    public void sigkill() {
        signal("KILL");
        waitFor(10);
    }

    public void sigstop() {
        signal("STOP");
    }

    public void sigcont() {
        signal("CONT");
    }

    /** SIGTERM, then SIGKILL if the process has not ended within the grace period. */
    public void stop(long graceSeconds) {
        if (!process.isAlive()) {
            return;
        }
        signal("CONT");
        process.destroy();
        if (!waitFor(graceSeconds)) {
            sigkill();
        }
    }

    public boolean waitFor(long seconds) {
        try {
            return process.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void signal(String sig) {
        if (!process.isAlive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).inheritIO().start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop(10);
    }

    @Override
    public String toString() {
        return name + "(pid " + (process.isAlive() ? process.pid() : "exited") + ")";
    }
}
