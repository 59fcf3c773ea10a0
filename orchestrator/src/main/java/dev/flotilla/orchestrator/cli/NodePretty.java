package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeResources;
import dev.flotilla.orchestrator.wire.ApiWire;

import java.io.PrintWriter;
import java.time.Instant;

/** {@code node inspect --pretty}: the node as a short human-readable report, like docker's. */
final class NodePretty {
    private NodePretty() {
    }

    static void print(PrintWriter out, ApiWire.NodeView v) {
        Node n = v.node();
        out.println("ID:\t\t\t" + n.id());
        if (!n.labels().isEmpty()) {
            out.println("Labels:");
            n.labels().forEach((k, val) -> out.println(" - " + k + "=" + val));
        }
        out.println("Hostname:\t\t" + n.hostname());
        out.println("Joined at:\t\t" + Instant.ofEpochMilli(n.createdAt()));
        out.println("Status:");
        out.println(" State:\t\t\t" + n.status().display());
        if (!n.statusMessage().isEmpty()) {
            out.println(" Message:\t\t" + n.statusMessage());
        }
        out.println(" Availability:\t\t" + n.availability().display());
        out.println(" Address:\t\t" + n.description().apiAddress());
        if (v.managerStatus() != null) {
            out.println("Manager Status:");
            out.println(" Address:\t\t" + v.managerStatus().address());
            out.println(" Raft Status:\t\t" + v.managerStatus().reachability()
                    + (v.managerStatus().raftMember() ? "" : " (not a Raft voter yet)"));
            out.println(" Leader:\t\t" + (v.managerStatus().leader() ? "Yes" : "No"));
        }
        out.println("Platform:");
        out.println(" Operating System:\t" + n.description().os());
        out.println(" Architecture:\t\t" + n.description().arch());
        NodeResources r = n.description().resources();
        out.println("Resources:");
        out.println(" CPUs:\t\t\t" + cpus(r.nanoCpus()));
        out.println(" Memory:\t\t" + memory(r.memoryBytes()));
        out.println("Version:\t\t" + n.description().version());
        out.flush();
    }

    static String cpus(long nano) {
        return nano % NodeResources.NANOS_PER_CPU == 0 ? Long.toString(nano / NodeResources.NANOS_PER_CPU)
                : String.format("%.2f", nano / 1e9);
    }

    static String memory(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format("%.1f%s", v, units[u]);
    }
}
