package dev.flotilla.orchestrator.ui;

import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.spec.ServiceMode;
import dev.flotilla.orchestrator.state.ClusterState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the visualizer shows, built from the cluster state and nothing else: nodes, services and the tasks meant
 * to run. Deliberately narrow: no environment values, mounts, credentials or tokens ever leave through it.
 */
public record ClusterSnapshot(String clusterId, String leaderId, long at, List<NodeCard> nodes,
                              List<ServiceCard> services, List<TaskCard> tasks) {

    /** A node column: who it is, its health, and what the scheduler may still place there. */
    public record NodeCard(String id, String hostname, String role, boolean leader, String status, String availability,
                           String address, long nanoCpus, long memoryBytes, long reservedNanoCpus,
                           long reservedMemoryBytes, Map<String, String> labels) {
    }

    public record ServiceCard(String id, String name, String mode, String image, int running, int desired) {
    }

    /** A task card: only tasks whose desired state is running are shown, as in Swarm's visualizer. */
    public record TaskCard(String id, String serviceId, String service, String name, String nodeId, String image,
                           String tag, String state, long since, String containerId, String hostname, String message) {
    }

    public static ClusterSnapshot of(ClusterState s, String leaderId, long now) {
        Map<String, long[]> reserved = new HashMap<>();
        Map<String, int[]> running = new HashMap<>();
        List<TaskCard> tasks = new ArrayList<>();
        for (Task t : s.tasks().values()) {
            if (!t.nodeId().isEmpty() && !t.state().isTerminal() && t.state().ordinal() >= TaskState.ASSIGNED.ordinal()) {
                long[] r = reserved.computeIfAbsent(t.nodeId(), k -> new long[2]);
                r[0] += t.spec().reservations().nanoCpus();
                r[1] += t.spec().reservations().memoryBytes();
            }
            if (!t.isLive()) {
                continue;
            }
            int[] counts = running.computeIfAbsent(t.serviceId(), k -> new int[2]);
            counts[1]++;
            if (t.state() == TaskState.RUNNING) {
                counts[0]++;
            }
            tasks.add(card(t));
        }
        tasks.sort(Comparator.comparing(TaskCard::service).thenComparing(TaskCard::name));
        List<NodeCard> nodes = new ArrayList<>();
        for (Node n : s.nodes().values()) {
            long[] r = reserved.getOrDefault(n.id(), new long[2]);
            nodes.add(new NodeCard(n.id(), n.hostname(), n.isManager() ? "manager" : "worker", n.id().equals(leaderId),
                    n.status().display(), n.availability().display(), n.description().apiAddress(),
                    n.description().resources().nanoCpus(), n.description().resources().memoryBytes(), r[0], r[1],
                    n.labels()));
        }
        nodes.sort(Comparator.comparing(NodeCard::hostname).thenComparing(NodeCard::id));
        List<ServiceCard> services = new ArrayList<>();
        for (Service svc : s.services().values()) {
            int[] counts = running.getOrDefault(svc.id(), new int[2]);
            boolean global = svc.spec().mode() == ServiceMode.GLOBAL;
            services.add(new ServiceCard(svc.id(), svc.name(), global ? "global" : "replicated", svc.spec().image(),
                    counts[0], global ? counts[1] : svc.spec().replicas()));
        }
        services.sort(Comparator.comparing(ServiceCard::name));
        return new ClusterSnapshot(s.clusterId(), leaderId == null ? "" : leaderId, now, nodes, services, tasks);
    }

    private static TaskCard card(Task t) {
        String image = t.spec().image();
        int colon = image.lastIndexOf(':');
        String tag = colon > image.lastIndexOf('/') ? image.substring(colon + 1) : "latest";
        String container = t.status().containerId();
        String message = t.state() == TaskState.PENDING ? t.status().message() : t.status().error();
        return new TaskCard(t.id(), t.serviceId(), t.serviceName(), t.name(), t.nodeId(), image, tag,
                t.state().display(), t.status().timestamp(), container.substring(0, Math.min(12, container.length())),
                t.hostname(), message);
    }
}
