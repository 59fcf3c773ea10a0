package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.wire.ApiWire;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.Callable;

/** {@code flotilla info}: the cluster as the manager you talk to sees it. */
@Command(name = "info", description = "Show cluster-wide information.")
public final class InfoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ClusterOptions cluster;
    @Mixin
    FormatOption format;

    @Override
    public Integer call() {
        boolean json = format.json();
        if (format.rows() != null) {
            throw new IllegalArgumentException("info takes --format table or json, not a template");
        }
        ApiWire.Info i = cluster.client().get("/v1/info", ApiWire.Info.class);
        cluster.remember();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(Json.pretty(i));
        } else {
            out.println("Cluster: active");
            out.println(" ClusterID: " + i.clusterId());
            out.println(" Created: " + Instant.ofEpochMilli(i.createdAt()));
            out.println(" NodeID: " + i.nodeId() + " (the manager that answered)");
            out.println(" Is Manager: " + i.isManager());
            out.println(" Managers: " + i.managers());
            out.println(" Nodes: " + i.nodes());
            out.println(" Leader: " + (i.leaderId().isEmpty() ? "(none)" : i.leaderId()));
            out.println(" Orchestration:");
            out.println("  Task History Retention Limit: " + i.taskHistoryLimit());
            out.println(" Raft:");
            i.raft().forEach((k, v) -> out.println("  " + k + ": " + v));
            out.println(" Dispatcher:");
            out.println("  Heartbeat Period: " + i.heartbeatPeriodMillis() + " ms");
            out.println(" CA Configuration:");
            out.println("  Root CA fingerprint: " + (i.caFingerprint().isEmpty() ? "(this manager holds no CA key yet)"
                    : i.caFingerprint()));
            if (!i.caRotation().isEmpty()) {
                out.println("  Root CA rotation: in progress, " + i.caRotation());
            }
            out.println("  Node certificates:");
            Instant now = Instant.now();
            i.certificates().forEach(c -> out.println("   " + c.hostname() + " (" + c.nodeId() + ", " + c.role()
                    .name().toLowerCase() + "): " + (c.notAfter() == 0 ? "expiry not reported yet"
                    : "expires " + Instant.ofEpochMilli(c.notAfter()) + " (in " + java.time.Duration.between(now,
                    Instant.ofEpochMilli(c.notAfter())).toDays() + " days)")));
            out.println(" Node Address: " + i.nodeAddress());
            out.println(" Manager Addresses:");
            i.managerAddresses().forEach(a -> out.println("  " + a));
            if (i.visualizers().isEmpty()) {
                out.println(" Visualizer: none (every manager runs with --ui-addr none)");
            } else {
                out.println(" Visualizer: " + i.visualizers().get(0) + " (open it with the token `flotilla ui-token`"
                        + " prints)");
                if (i.visualizers().size() > 1) {
                    out.println("  Other managers: " + String.join(" ", i.visualizers().subList(1, i.visualizers().size())));
                }
            }
            out.println(" Version: " + i.version());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
