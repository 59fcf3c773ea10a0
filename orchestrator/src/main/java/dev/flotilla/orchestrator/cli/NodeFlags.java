package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.daemon.NodeOptions;
import dev.flotilla.orchestrator.identity.DaemonTuning;
import dev.flotilla.orchestrator.raft.RaftSettings;
import dev.flotilla.orchestrator.spec.GoDuration;
import dev.flotilla.orchestrator.spec.Quantities;
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

    @Option(names = "--ui-addr", paramLabel = "HOST:PORT|none",
            description = "Where this node serves the visualizer while it is a manager (default: the advertise host,"
                    + " port 5000; none: no visualizer).")
    String uiAddr;

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
            Duration lo = GoDuration.parse("--election-timeout", p[0]);
            Duration hi = GoDuration.parse("--election-timeout", p[1]);
            new RaftSettings(lo, hi, Duration.ofSeconds(1), Duration.ofSeconds(2), 10_000, 2);
            min = lo.toMillis();
            max = hi.toMillis();
        }
        return new DaemonTuning(offeredCpus(), offeredMemory(), min, max, DaemonTuning.parseUiAddress(uiAddr));
    }

    /** {@code --cpus} in nano-CPUs; 0 when not given (all the OS reports). */
    long offeredCpus() {
        if (cpus == null) {
            return 0;
        }
        long nanos = Quantities.parseCpus("--cpus", cpus);
        if (nanos == 0) {
            throw new IllegalArgumentException("--cpus \"" + cpus + "\": a node must offer some CPU; write a positive"
                    + " number like 2 or 0.5, or leave --cpus out to offer all");
        }
        return nanos;
    }

    /** {@code --memory} in bytes; 0 when not given (all). */
    long offeredMemory() {
        if (memory == null) {
            return 0;
        }
        long bytes = Quantities.parseMemory("--memory", memory);
        if (bytes == 0) {
            throw new IllegalArgumentException("--memory \"" + memory + "\": a node must offer some memory; write a"
                    + " size like 512m or 4g, or leave --memory out to offer all");
        }
        return bytes;
    }
}
