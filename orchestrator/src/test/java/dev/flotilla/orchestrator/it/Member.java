package dev.flotilla.orchestrator.it;

import dev.flotilla.testkit.ChildJvm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One node of a test cluster: a real {@code flotilla} daemon process on its own 127.0.0.x address, ports and data
 * dir. It can be killed, stopped, continued and restarted from its data dir.
 */
public final class Member {
    /** Test JVMs start fast (client compiler); benchmarks pass production-like options in flotilla.member.jvm. */
    static final List<String> JVM = System.getProperty("flotilla.member.jvm") != null
            ? List.of(System.getProperty("flotilla.member.jvm").trim().split("\\s+"))
            : List.of("-Xmx192m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Dflotilla.log.level=INFO");
    public final String name;
    final String host;
    final int apiPort;
    final int raftPort;
    public final Path dataDir;
    final Path logDir;
    String hostname;
    private ChildJvm process;
    private int starts;

    Member(String name, String host, int apiPort, int raftPort, Path dataDir, Path logDir) {
        this.name = name;
        this.host = host;
        this.apiPort = apiPort;
        this.raftPort = raftPort;
        this.dataDir = dataDir;
        this.logDir = logDir;
        this.hostname = name;
    }

    public String api() {
        return host + ":" + apiPort;
    }

    List<String> nodeFlags() {
        return List.of("--advertise-addr", api(), "--listen-addr", api(), "--raft-port", Integer.toString(raftPort),
                "--data-dir", dataDir.toString(), "--hostname", hostname, "--foreground");
    }

    /** Runs {@code flotilla <args>} as this member's daemon process. */
    void launch(List<String> args) {
        List<String> a = new ArrayList<>(args);
        starts++;
        process = ChildJvm.start(name + "#" + starts, System.getProperty("flotilla.jar", "target/flotilla.jar"), JVM,
                "dev.flotilla.orchestrator.cli.Main", a, Map.of(), logDir.resolve(name + "-" + starts + ".log"));
    }

    /** Restarts the stored node (after a kill or a stop). */
    public void restart() {
        launch(List.of("daemon", "--data-dir", dataDir.toString()));
    }

    public void sigkill() {
        process.sigkill();
    }

    public void sigstop() {
        process.sigstop();
    }

    public void sigcont() {
        process.sigcont();
    }

    /** SIGTERM and wait (the daemon takes a snapshot and stops cleanly). */
    public void stop() {
        if (process != null) {
            process.stop(20);
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    public String output() {
        return process == null ? "" : process.output();
    }

    public ChildJvm process() {
        return process;
    }

    @Override
    public String toString() {
        return name + "@" + api();
    }
}
