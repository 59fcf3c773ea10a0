package dev.flotilla.orchestrator.reconcile;

import dev.flotilla.orchestrator.api.Availability;
import dev.flotilla.orchestrator.api.ClusterSettings;
import dev.flotilla.orchestrator.api.CredentialKind;
import dev.flotilla.orchestrator.api.CredentialRecord;
import dev.flotilla.orchestrator.api.JoinTokenHashes;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeDescription;
import dev.flotilla.orchestrator.api.NodeResources;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.api.TaskStatus;
import dev.flotilla.orchestrator.api.UpdateStatus;
import dev.flotilla.orchestrator.spec.HealthSettings;
import dev.flotilla.orchestrator.spec.ServiceDefinition;
import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.spec.ServiceSpecParser;
import dev.flotilla.orchestrator.spec.ServiceUpdateOptions;
import dev.flotilla.orchestrator.spec.ServiceUpdater;
import dev.flotilla.orchestrator.state.ClusterLogic;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.state.Outcome;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A pure test harness in the style of Nomad's: a cluster state, a clock, and simulated node agents that run what
 * they are assigned (or fail it when told to), so reconciliation can be driven step by step without Ratis or Docker.
 */
final class Sim {
    static final long CPU = 1_000_000_000L;
    static final long GIB = 1L << 30;

    ClusterState state;
    long now = 1_000_000;
    int nextId;
    final Set<String> deadNodes = new HashSet<>();
    /** Tasks (by image) that fail as soon as they start. */
    final Set<String> failingImages = new HashSet<>();
    final List<Reconciler.Plan> plans = new ArrayList<>();

    Sim(int nodes) {
        Node first = node("n1", "node-1", NodeRole.MANAGER, 4 * CPU);
        state = ClusterLogic.apply(ClusterState.EMPTY, new Command.InitCluster("c1", "fp", 1, ClusterSettings.defaults(),
                new JoinTokenHashes("w", "m"), first, List.of(new CredentialRecord("a", "h", CredentialKind.ADMIN, "", 1))))
                .state();
        for (int i = 2; i <= nodes; i++) {
            addNode("n" + i, 4 * CPU);
        }
    }

    static Node node(String id, String host, NodeRole role, long cpus) {
        NodeDescription d = new NodeDescription(host, "127.0.0.1:1", "127.0.0.1:2", "t", new NodeResources(cpus, 8 * GIB),
                "linux", "amd64");
        return new Node(id, role, Availability.ACTIVE, NodeStatus.READY, "", Map.of(), d, 1, 1, 1);
    }

    void addNode(String id, long cpus) {
        must(new Command.JoinNode(node(id, "node-" + id.substring(1), NodeRole.WORKER, cpus),
                new CredentialRecord("c" + id, "h", CredentialKind.NODE, id, 1), "w"));
    }

    static ServiceDefinition spec(String name, String image, String... flags) {
        ServiceOptions.Builder b = ServiceOptions.builder(name, image);
        for (int i = 0; i < flags.length; i += 2) {
            String v = flags[i + 1];
            switch (flags[i]) {
                case "--replicas" -> b.replicas(v);
                case "--mode" -> b.mode(v);
                case "--publish" -> b.publish(v);
                case "--reserve-cpu" -> b.reserveCpu(v);
                case "--constraint" -> b.constraint(v);
                case "--update-parallelism" -> b.updateParallelism(v);
                case "--update-delay" -> b.updateDelay(v);
                case "--replicas-max-per-node" -> b.maxReplicasPerNode(v);
                case "--hostname" -> b.hostname(v);
                case "--restart-condition" -> b.restartCondition(v);
                case "--restart-delay" -> b.restartDelay(v);
                case "--restart-max-attempts" -> b.restartMaxAttempts(v);
                case "--restart-window" -> b.restartWindow(v);
                case "--update-failure-action" -> b.updateFailureAction(v);
                case "--update-monitor" -> b.updateMonitor(v);
                case "--update-max-failure-ratio" -> b.updateMaxFailureRatio(v);
                case "--update-order" -> b.updateOrder(v);
                case "--rollback-parallelism" -> b.rollbackParallelism(v);
                case "--rollback-order" -> b.rollbackOrder(v);
                case "--rollback-failure-action" -> b.rollbackFailureAction(v);
                case "--health-cmd" -> b.health(new HealthSettings(v, null, null, null, null, null));
                default -> throw new IllegalArgumentException(flags[i]);
            }
        }
        return ServiceSpecParser.parse(b.build());
    }

    Service create(String id, ServiceDefinition spec) {
        Service s = new Service(id, spec, 1, now, now);
        must(new Command.CreateService(s));
        return s;
    }

    /** As the managers' service update does: one that replaces tasks starts an update (its UpdateStatus). */
    void update(String serviceId, ServiceUpdateOptions u) {
        Service s = state.services().get(serviceId);
        ServiceDefinition next = ServiceUpdater.apply(s.spec(), u);
        Service updated = s.withSpec(next, now);
        if (TaskSpecs.differs(s.spec(), next)) {
            updated = updated.withUpdateStatus(UpdateStatus.updating(now));
        }
        must(new Command.UpdateService(updated));
    }

    void scale(String serviceId, int replicas) {
        update(serviceId, ServiceUpdateOptions.builder().replicas(Integer.toString(replicas)).build());
    }

    void must(Command c) {
        Outcome o = ClusterLogic.apply(state, c);
        if (!o.result().ok()) {
            throw new AssertionError("rejected " + c + ": " + o.result());
        }
        state = o.state();
    }

    /** One pass of the orchestrator, applied like the managers would. */
    Reconciler.Plan reconcile() {
        Reconciler.Plan p = Reconciler.plan(state, now, () -> String.format("t%05d", ++nextId));
        for (Command c : p.commands()) {
            Outcome o = ClusterLogic.apply(state, c);
            if (!o.result().ok()) {
                throw new AssertionError("the plan holds a command the managers refuse: " + c + ": " + o.result());
            }
            state = o.state();
        }
        plans.add(p);
        return p;
    }

    /**
     * Every live node's agent moves its tasks one step: start what is assigned, then stop what is no longer wanted
     * (starts go first, so a replacement started too early is seen running beside its predecessor).
     */
    void agents() {
        for (Task t : List.copyOf(state.tasks().values())) {
            if (onReachableNode(t) && t.isLive() && t.state() != TaskState.RUNNING) {
                report(t, failingImages.contains(t.spec().image())
                        ? new TaskStatus(TaskState.FAILED, now, "", "task: non-zero exit (1)", 1, "c-" + t.id())
                        : new TaskStatus(TaskState.RUNNING, now, "started", "", null, "c-" + t.id()));
            }
        }
        midRound.run();
        stops(null);
    }

    /** Runs between the starts and the stops of an agent round (a test checks its invariants there). */
    Runnable midRound = () -> { };

    private void stops(String onlyNode) {
        for (Task t : List.copyOf(state.tasks().values())) {
            if (onReachableNode(t) && !t.isLive() && (onlyNode == null || onlyNode.equals(t.nodeId()))) {
                report(t, TaskStatus.of(TaskState.SHUTDOWN, now, "stopped"));
            }
        }
    }

    private boolean onReachableNode(Task t) {
        return !t.nodeId().isEmpty() && !deadNodes.contains(t.nodeId()) && state.nodes().containsKey(t.nodeId())
                && t.state().ordinal() >= TaskState.ASSIGNED.ordinal() && !t.state().isTerminal();
    }

    void report(Task t, TaskStatus s) {
        must(new Command.UpdateTaskStatus(t.id(), t.nodeId(), s));
    }

    /** The node stops answering: its agent does nothing and the leader marks it down. */
    void kill(String nodeId) {
        deadNodes.add(nodeId);
        must(new Command.SetNodeStatus(nodeId, NodeStatus.DOWN, "heartbeat failure", now));
    }

    /** The node answers again; its agent's first act is to stop the tasks the cluster no longer wants there. */
    void revive(String nodeId) {
        deadNodes.remove(nodeId);
        must(new Command.SetNodeStatus(nodeId, NodeStatus.READY, "", now));
        stops(nodeId);
    }

    void availability(String nodeId, Availability a) {
        must(new Command.UpdateNodeSpec(nodeId, a, Map.of(), List.of(), now));
    }

    void advance(long millis) {
        now += millis;
    }

    /** Reconcile and run agents until nothing changes (time does not move). */
    void settle() {
        for (int i = 0; i < 50; i++) {
            ClusterState before = state;
            reconcile();
            agents();
            if (state.equals(before)) {
                return;
            }
        }
        throw new AssertionError("no fixed point after 50 rounds:\n" + dump());
    }

    List<Task> tasks(String serviceId, Predicate<Task> filter) {
        return state.tasks().values().stream().filter(t -> t.serviceId().equals(serviceId)).filter(filter).toList();
    }

    List<Task> running(String serviceId) {
        return tasks(serviceId, t -> t.isLive() && t.state() == TaskState.RUNNING);
    }

    String dump() {
        StringBuilder b = new StringBuilder("now=" + now + "\n");
        state.nodes().values().forEach(n -> b.append("node ").append(n.id()).append(' ').append(n.status())
                .append(' ').append(n.availability()).append('\n'));
        state.tasks().values().forEach(t -> b.append(t.id()).append(' ').append(t.name()).append(" v")
                .append(t.specVersion()).append(" on ").append(t.nodeId()).append(" desired ").append(t.desiredState())
                .append(" state ").append(t.state()).append(" '").append(t.status().message()).append("'\n"));
        return b.toString();
    }
}
