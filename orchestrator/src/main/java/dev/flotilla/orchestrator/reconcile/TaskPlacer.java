package dev.flotilla.orchestrator.reconcile;

import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.scheduler.BoundPort;
import dev.flotilla.orchestrator.scheduler.Decisions;
import dev.flotilla.orchestrator.scheduler.NodeInfo;
import dev.flotilla.orchestrator.scheduler.Scheduler;
import dev.flotilla.orchestrator.scheduler.TaskRequest;
import dev.flotilla.orchestrator.scheduler.TaskRequests;
import dev.flotilla.orchestrator.spec.PortSpec;
import dev.flotilla.orchestrator.spec.ServiceMode;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.template.TaskTemplates;
import dev.flotilla.orchestrator.template.TemplateContext;
import dev.flotilla.orchestrator.template.TemplateException;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hands the tasks waiting for a node to the {@link Scheduler}: each placed task is assigned with the hostname its
 * container will have; each other one stays PENDING with the scheduler's reason (written only when it changes).
 * Tasks still running or stopping on a node keep their resources and host ports there until they have ended.
 */
public final class TaskPlacer {
    private TaskPlacer() {
    }

    public static List<Command> place(ClusterState state, long now) {
        List<Task> waiting = state.tasks().values().stream()
                .filter(t -> t.isLive() && t.state().ordinal() <= TaskState.PENDING.ordinal())
                .sorted(Comparator.comparing(Task::serviceId).thenComparingInt(Task::slot)
                        .thenComparingLong(Task::createdAt).thenComparing(Task::id))
                .toList();
        if (waiting.isEmpty()) {
            return List.of();
        }
        Map<String, Task> byId = new HashMap<>();
        List<TaskRequest> requests = new ArrayList<>(waiting.size());
        for (Task t : waiting) {
            byId.put(t.id(), t);
            String pinned = t.spec().mode() == ServiceMode.GLOBAL ? t.nodeId() : null;
            requests.add(TaskRequests.of(t.spec(), t.serviceId(), t.id(), t.slot(), pinned));
        }
        Decisions d = Scheduler.schedule(nodes(state), requests);
        List<Command> out = new ArrayList<>();
        for (Decisions.Assignment a : d.assignments()) {
            Task t = byId.get(a.taskId());
            out.add(new Command.AssignTask(t.id(), a.nodeId(), hostname(t, state.node(a.nodeId())), now));
        }
        for (Decisions.Pending p : d.pending()) {
            Task t = byId.get(p.taskId());
            if (t.state() != TaskState.PENDING || !t.status().message().equals(p.reason())) {
                out.add(new Command.SetTaskPending(t.id(), p.reason(), now));
            }
        }
        return out;
    }

    /**
     * The container hostname, expanded once here and stored with the task: the agent's {@code LaunchPlanner} uses the
     * stored value as is. Empty when the template gives no valid one here (the agent then rejects the task, saying why).
     */
    static String hostname(Task t, Node node) {
        try {
            return TaskTemplates.hostname(t.spec().hostnameTemplate(), TemplateContext.forTask(t.serviceName(),
                    t.serviceId(), t.slot(), t.id(), node.hostname(), node.id()));
        } catch (TemplateException e) {
            return "";
        }
    }

    /** The scheduler's view of every node, with the tasks that hold resources on it counted in. */
    static List<NodeInfo> nodes(ClusterState state) {
        Map<String, Load> load = new HashMap<>();
        for (Task t : state.tasks().values()) {
            if (t.nodeId().isEmpty() || t.state().isTerminal() || t.state().ordinal() < TaskState.ASSIGNED.ordinal()) {
                continue;
            }
            load.computeIfAbsent(t.nodeId(), k -> new Load()).add(t);
        }
        List<NodeInfo> nodes = new ArrayList<>(state.nodes().size());
        for (Node n : state.nodes().values()) {
            Load l = load.getOrDefault(n.id(), new Load());
            nodes.add(new NodeInfo(n.id(), n.hostname(), n.isManager() ? NodeRole.MANAGER : NodeRole.WORKER,
                    n.labels(), n.status() == NodeStatus.READY, n.availability(),
                    n.description().resources().nanoCpus(), n.description().resources().memoryBytes(),
                    l.cpus, l.memory, l.ports, l.perService));
        }
        return nodes;
    }

    private static final class Load {
        long cpus;
        long memory;
        final Set<BoundPort> ports = new HashSet<>();
        final Map<String, Integer> perService = new HashMap<>();

        void add(Task t) {
            cpus += t.spec().reservations().nanoCpus();
            memory += t.spec().reservations().memoryBytes();
            for (PortSpec p : t.spec().ports()) {
                ports.add(new BoundPort(p.published(), p.protocol()));
            }
            if (t.isLive()) {
                perService.merge(t.serviceId(), 1, Integer::sum);
            }
        }
    }
}
