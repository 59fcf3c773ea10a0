package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.daemon.NodeOptions;
import dev.flotilla.orchestrator.identity.DaemonTuning;
import dev.flotilla.orchestrator.raft.RaftSettings;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;

/** The flags that describe a new node, shared by {@code init} and {@code join}. */
public final class NodeFlags {
    @Option(names = "--advertise-addr", paramLabel = "HOST[:PORT]",
            description = "Address other nodes reach this node's API on (default: this machine's first non-loopback IPv4, port 4242).")
    String advertise;

    @Option(names = "--listen-addr", paramLabel = "HOST[:PORT]",
            description = "Address the API binds (default: the advertise address; never all interfaces unless given).")
    String listen;

    @Option(names = "--raft-port", paramLabel = "PORT", description = "Raft port (default: API port + 1).")
    Integer raftPort;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "Where the node keeps its identity and Raft data (default: $FLOTILLA_DATA_DIR, else /var/lib/flotilla).")
    Path dataDir;

    @Option(names = "--hostname", paramLabel = "NAME", description = "Node name (default: the machine's hostname).")
    String hostname;

    @Option(names = "--cpus", paramLabel = "N", description = "CPUs this node offers to tasks (default: all the OS reports).")
    String cpus;

    @Option(names = "--memory", paramLabel = "SIZE", description = "Memory this node offers to tasks, like 4g (default: all).")
    String memory;

    @Option(names = "--election-timeout", paramLabel = "MIN-MAX", hidden = true,
            description = "Raft election timeout range, like 300ms-600ms (for tuning and benchmarks).")
    String electionTimeout;

    @Option(names = "--foreground", description = "Run the daemon in this process instead of in the background (for systemd and tests).")
    boolean foreground;

    Path dataDir() {
        return DaemonCommand.dataDirOrDefault(dataDir);
    }

    NodeOptions options(Long heartbeatMillis) {
        return new NodeOptions(dataDir(), advertise, listen, raftPort, hostname, tuning(), heartbeatMillis);
    }

    private DaemonTuning tuning() {
        long min = RaftSettings.DEFAULT_ELECTION_MIN.toMillis();
        long max = RaftSettings.DEFAULT_ELECTION_MAX.toMillis();
        if (electionTimeout != null) {
            String[] p = electionTimeout.split("-");
            if (p.length != 2) {
                throw new IllegalArgumentException("invalid --election-timeout '" + electionTimeout + "': use MIN-MAX like 300ms-600ms");
            }
            Duration lo = Quantities.duration(p[0], "--election-timeout");
            Duration hi = Quantities.duration(p[1], "--election-timeout");
            new RaftSettings(lo, hi, Duration.ofSeconds(1), Duration.ofSeconds(2), 10_000, 2);
            min = lo.toMillis();
            max = hi.toMillis();
        }
        return new DaemonTuning(cpus == null ? 0 : Quantities.nanoCpus(cpus), memory == null ? 0 : Quantities.memoryBytes(memory),
                min, max);
    }
}
