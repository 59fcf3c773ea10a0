package dev.flotilla.orchestrator.ui;

import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.spec.ImageRef;
import dev.flotilla.orchestrator.spec.MountSpec;
import dev.flotilla.orchestrator.spec.ServiceDefinition;
import dev.flotilla.orchestrator.spec.ServiceMode;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.template.TaskTemplates;
import dev.flotilla.orchestrator.template.TemplateContext;
import dev.flotilla.orchestrator.template.TemplateException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the visualizer shows, built from the cluster state and nothing else: nodes, services, the tasks meant to
 * run, the pending ones with the scheduler's reason, and the recent history of each slot. Deliberately narrow: no
 * environment values, no mount options beyond the log folder, no credentials or tokens ever leave through it.
 *
 * @param servedBy the hostname of the manager that made this snapshot (the page shows whom it is live from)
 * @param index    the state's log index (0 when unknown)
 * @param managers every manager with its visualizer's base URL ("" when it serves none), for failover
 */
public record ClusterSnapshot(String clusterId, String leaderId, String servedBy, long index, long at,
                              List<ManagerLink> managers,
                              List<NodeCard> nodes, List<ServiceCard> services, List<TaskCard> tasks,
                              List<TaskCard> pending, List<TaskCard> history) {
    /** How many ended tasks the history toggle can show, newest first. */
    static final int HISTORY_LIMIT = 300;

    public record ManagerLink(String id, String hostname, String url) {
    }

    /** A node column: who it is, its health, and what the scheduler may still place there. */
    public record NodeCard(String id, String hostname, String role, boolean leader, String status, String availability,
                           String address, long nanoCpus, long memoryBytes, long reservedNanoCpus,
                           long reservedMemoryBytes, Map<String, String> labels) {
    }

    public record ServiceCard(String id, String name, String mode, String image, int running, int desired) {
    }

    /** One task card. {@code message} is the pending reason, or the error of a failed task. */
    public record TaskCard(String id, String serviceId, String service, String name, int slot, String nodeId,
                           String image, String tag, String state, String desiredState, long since, String containerId,
                           String hostname, String logFolder, String message) {
    }

    public static ClusterSnapshot of(ClusterState s, String leaderId, String selfId, long index, long now) {
        Map<String, long[]> reserved = new HashMap<>();
        Map<String, int[]> running = new HashMap<>();
        List<TaskCard> tasks = new ArrayList<>();
        List<TaskCard> pending = new ArrayList<>();
        List<TaskCard> history = new ArrayList<>();
        for (Task t : s.tasks().values()) {
            if (!t.nodeId().isEmpty() && !t.state().isTerminal() && t.state().ordinal() >= TaskState.ASSIGNED.ordinal()) {
                long[] r = reserved.computeIfAbsent(t.nodeId(), k -> new long[2]);
                r[0] += t.spec().reservations().nanoCpus();
                r[1] += t.spec().reservations().memoryBytes();
            }
            if (!t.isLive()) {
                history.add(card(t, s.node(t.nodeId())));
                continue;
            }
            int[] counts = running.computeIfAbsent(t.serviceId(), k -> new int[2]);
            counts[1]++;
            if (t.state() == TaskState.RUNNING) {
                counts[0]++;
            }
            boolean placed = !t.nodeId().isEmpty() && t.state().ordinal() >= TaskState.ASSIGNED.ordinal();
            (placed ? tasks : pending).add(card(t, s.node(t.nodeId())));
        }
        Comparator<TaskCard> byName = Comparator.comparing(TaskCard::service).thenComparing(TaskCard::name);
        tasks.sort(byName);
        pending.sort(byName);
        history.sort(Comparator.comparingLong(TaskCard::since).reversed().thenComparing(TaskCard::id));
        List<NodeCard> nodes = new ArrayList<>();
        List<ManagerLink> managers = new ArrayList<>();
        for (Node n : s.nodes().values()) {
            long[] r = reserved.getOrDefault(n.id(), new long[2]);
            boolean leader = n.id().equals(leaderId);
            nodes.add(new NodeCard(n.id(), n.hostname(), leader ? "leader" : n.isManager() ? "manager" : "worker", leader,
                    n.status().display(), n.availability().display(), n.description().apiAddress(),
                    n.description().resources().nanoCpus(), n.description().resources().memoryBytes(), r[0], r[1],
                    n.labels()));
            if (n.isManager()) {
                String ui = n.description().uiAddress();
                managers.add(new ManagerLink(n.id(), n.hostname(), ui.isEmpty() ? "" : "https://" + ui + "/"));
            }
        }
        nodes.sort(Comparator.comparing(NodeCard::hostname).thenComparing(NodeCard::id));
        managers.sort(Comparator.comparing(ManagerLink::hostname));
        List<ServiceCard> services = new ArrayList<>();
        for (Service svc : s.services().values()) {
            int[] counts = running.getOrDefault(svc.id(), new int[2]);
            boolean global = svc.spec().mode() == ServiceMode.GLOBAL;
            services.add(new ServiceCard(svc.id(), svc.name(), global ? "global" : "replicated",
                    ImageRef.display(svc.spec().image()),
                    counts[0], global ? counts[1] : svc.spec().replicas()));
        }
        services.sort(Comparator.comparing(ServiceCard::name));
        Node self = s.node(selfId);
        return new ClusterSnapshot(s.clusterId(), leaderId == null ? "" : leaderId, self == null ? selfId
                : self.hostname(), index, now, managers, nodes,
                services, tasks, pending, history.subList(0, Math.min(HISTORY_LIMIT, history.size())));
    }

    /** The tag a task card shows: {@code latest} when none, the digest's start when the image names only a digest. */
    static String tag(String image) {
        try {
            ImageRef ref = ImageRef.parse(image);
            if (ref.tag() != null || !ref.isPinned()) {
                return ref.tag() != null ? ref.tag() : ImageRef.DEFAULT_TAG;
            }
            String digest = ref.digest();
            return digest.substring(0, Math.min(digest.length(), digest.indexOf(':') + 13));
        } catch (IllegalArgumentException e) {
            return ImageRef.DEFAULT_TAG;
        }
    }

    private static TaskCard card(Task t, Node node) {
        String image = t.spec().image();
        String tag = tag(image);
        String container = t.status().containerId();
        String message = t.state() == TaskState.PENDING ? t.status().message() : t.status().error();
        return new TaskCard(t.id(), t.serviceId(), t.serviceName(), t.name(), t.slot(), t.nodeId(), image, tag,
                t.state().display(), t.desiredState().display(), t.status().timestamp(),
                container.substring(0, Math.min(12, container.length())), t.hostname(), logFolder(t, node), message);
    }

    /**
     * The task's log folder on its node: the host side of the bind mount that holds the service's {@code --log-dir},
     * plus the container hostname, as the agent creates it; "" when the service has no log dir on a bind mount.
     */
    static String logFolder(Task t, Node node) {
        ServiceDefinition spec = t.spec();
        if (spec.logDir() == null || t.hostname().isEmpty() || node == null) {
            return "";
        }
        for (MountSpec m : spec.mounts()) {
            String target = m.target().endsWith("/") ? m.target().substring(0, m.target().length() - 1) : m.target();
            if (spec.logDir().equals(target) || spec.logDir().startsWith(target + "/")) {
                try {
                    String source = TaskTemplates.mountSource(m.sourceTemplate(), TemplateContext.forTask(
                            spec.name(), t.serviceId(), t.slot(), t.id(), node.hostname(), node.id()));
                    return source + spec.logDir().substring(target.length()) + "/" + t.hostname();
                } catch (TemplateException e) {
                    return "";
                }
            }
        }
        return "";
    }
}
