package dev.flotilla.orchestrator.services;

import dev.flotilla.testkit.ChildJvm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One node of a services test cluster: a real {@code flotilla} daemon process on its own 127.0.0.x address with
 * its own data dir and node id; its agent labels every container with the test run. Killable, stoppable and
 * restartable from its data dir.
 */
public final class ServiceNode {
    static final List<String> JVM = List.of("-Xmx160m", "-Xss512k", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
            "-Dflotilla.log.level=INFO");
    public final String name;
    public final String host;
    final int apiPort;
    final int raftPort;
    final Path dataDir;
    private final Path logDir;
    private final Map<String, String> env;
    private ChildJvm process;
    private int starts;

    ServiceNode(String name, String host, int apiPort, int raftPort, Path dataDir, Path logDir, Map<String, String> env) {
        this.name = name;
        this.host = host;
        this.apiPort = apiPort;
        this.raftPort = raftPort;
        this.dataDir = dataDir;
        this.logDir = logDir;
        this.env = env;
    }

    public String api() {
        return host + ":" + apiPort;
    }

    List<String> flags(String cpus) {
        return List.of("--advertise-addr", api(), "--listen-addr", api(), "--raft-port", Integer.toString(raftPort),
                "--data-dir", dataDir.toString(), "--hostname", name, "--cpus", cpus, "--memory", "4g", "--foreground");
    }

    void launch(List<String> args) {
        starts++;
        process = ChildJvm.start(name + "#" + starts, System.getProperty("flotilla.jar", "target/flotilla.jar"), JVM,
                "dev.flotilla.orchestrator.cli.Main", new ArrayList<>(args), env, logDir.resolve(name + "-" + starts + ".log"));
    }

    void restart() {
        launch(List.of("daemon", "--data-dir", dataDir.toString()));
    }

    public void sigkill() {
        process.sigkill();
    }

    void sigstop() {
        process.sigstop();
    }

    void sigcont() {
        process.sigcont();
    }

    /** SIGTERM and wait: the daemon stops; its containers keep running. */
    void stop() {
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

    @Override
    public String toString() {
        return name + "@" + api();
    }
}
