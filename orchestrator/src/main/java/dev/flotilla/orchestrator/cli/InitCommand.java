package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.api.ClusterSettings;
import dev.flotilla.orchestrator.client.ClientConfig;
import dev.flotilla.orchestrator.daemon.ForceNewCluster;
import dev.flotilla.orchestrator.daemon.NodeSetup;
import dev.flotilla.orchestrator.identity.DataDir;
import dev.flotilla.orchestrator.identity.NodeIdentity;
import dev.flotilla.orchestrator.pki.Pem;
import dev.flotilla.orchestrator.spec.GoDuration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code flotilla init}: creates a cluster with this machine as its first manager, writes the administrator's
 * credential to the CLI config (0600) and prints the join commands, like {@code docker swarm init}.
 * {@code --force-new-cluster} instead restarts a surviving manager as a one-manager cluster with its state.
 */
@Command(name = "init", description = "Create a new cluster with this node as its first manager.")
public final class InitCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    NodeFlags node;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Where to write the administrator's config (default: $FLOTILLA_CONFIG, else ~/.flotilla/config.json).")
    String config;

    @Option(names = "--heartbeat-period", paramLabel = "DURATION", defaultValue = "5s",
            description = "How often nodes report to the leader (default 5s); a node is down after 3 missed.")
    String heartbeat;

    @Option(names = "--cert-expiry", paramLabel = "DURATION", defaultValue = "2160h",
            description = "How long node certificates are valid (default 2160h, 90 days; at least 1h).")
    String certExpiry;

    @Option(names = "--force-new-cluster",
            description = "On a surviving manager whose majority is lost for good: start a new one-manager cluster from its state.")
    boolean forceNewCluster;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (forceNewCluster) {
            return forceNew(out);
        }
        long hb = GoDuration.parse("--heartbeat-period", heartbeat).toMillis();
        if (hb < 100) {
            throw new IllegalArgumentException("invalid --heartbeat-period " + heartbeat + ": it must be at least 100ms");
        }
        NodeSetup.Initialized init = NodeSetup.init(node.options(hb), certExpiry(certExpiry));
        DataDir dir = new DataDir(node.dataDir());
        DaemonRunner runner = new DaemonRunner(dir);
        runner.start(node.foreground);
        NodeIdentity id = init.identity();
        runner.awaitReady(id, true);
        writeConfig(init);
        printJoinCommands(out, init);
        runner.keepRunning();
        return ExitCodes.OK;
    }

    /** A {@code --cert-expiry} value: a Go duration of at least an hour. */
    static java.time.Duration certExpiry(String text) {
        java.time.Duration d = GoDuration.parse("--cert-expiry", text);
        if (d.compareTo(ClusterSettings.MIN_CERT_EXPIRY) < 0) {
            throw new IllegalArgumentException("invalid --cert-expiry " + text + ": it must be at least 1h");
        }
        return d;
    }

    private void writeConfig(NodeSetup.Initialized init) throws IOException {
        var path = ClientConfig.defaultPath(config);
        ClientConfig previous = ClientConfig.load(path);
        new ClientConfig(init.identity().clusterId(), init.admin().toString(), List.of(init.identity().apiAddress()),
                Map.of("worker", init.workerToken().toString(), "manager", init.managerToken().toString()),
                Pem.encode(init.caCertificate())).save(path);
        if (previous.clusterId() != null && !previous.clusterId().isEmpty()
                && !previous.clusterId().equals(init.identity().clusterId())) {
            spec.commandLine().getErr().println("Note: " + path + " held the credential of cluster "
                    + previous.clusterId() + "; it now holds this cluster's.");
        }
    }

    private static void printJoinCommands(PrintWriter out, NodeSetup.Initialized init) {
        NodeIdentity id = init.identity();
        out.println("Cluster initialized: current node (" + id.nodeId() + ") is now a manager.");
        out.println();
        out.println("To add a worker to this cluster, run the following command:");
        out.println();
        out.println("    flotilla join --token " + init.workerToken() + " " + id.apiAddress());
        out.println();
        out.println("To add a manager to this cluster, run the following command:");
        out.println();
        out.println("    flotilla join --token " + init.managerToken() + " " + id.apiAddress());
        out.println();
        out.println("The administrator's credential is in your flotilla config (mode 0600); keep it safe.");
        out.flush();
    }

    private Integer forceNew(PrintWriter out) throws Exception {
        DataDir dir = new DataDir(node.dataDir());
        ForceNewCluster.Recovered r = ForceNewCluster.prepare(dir);
        DaemonRunner runner = new DaemonRunner(dir);
        runner.start(node.foreground);
        runner.awaitReady(r.identity(), true);
        out.println("Cluster " + r.state().clusterId() + " restarted from the state of manager " + r.identity().nodeId()
                + " (" + r.state().nodes().size() + " nodes, " + r.state().managerCount() + " managers in the state).");
        out.println("The old Raft data was moved to " + r.archived() + ".");
        out.println("This node is now the only voting manager. Other managers rejoin when they come back;"
                + " demote or remove the ones that are gone for good.");
        out.flush();
        runner.keepRunning();
        return ExitCodes.OK;
    }
}
