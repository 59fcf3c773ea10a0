package dev.flotilla.orchestrator.scheduler;

import dev.flotilla.orchestrator.api.Availability;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.scheduler.Decisions.Assignment;
import dev.flotilla.orchestrator.spec.Constraint;
import dev.flotilla.orchestrator.spec.Protocol;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchedulerTest {
    private static final long CPU = 1_000_000_000L;
    private static final long GIB = 1L << 30;

    private static NodeInfo node(String id) {
        return NodeInfo.idle(id, "host-" + id, NodeRole.WORKER, 2 * CPU, 4 * GIB);
    }

    private static List<TaskRequest> tasks(String service, int count, Function<Integer, TaskRequest> make) {
        return IntStream.rangeClosed(1, count).mapToObj(make::apply).toList();
    }

    private static List<TaskRequest> simple(String service, int count) {
        return tasks(service, count, i -> TaskRequest.simple(service + "-t" + i, service, i));
    }

    private static TaskRequest reserving(String service, int slot, long cpu, long mem) {
        return new TaskRequest(service + "-t" + slot, service, slot, null, List.of(), cpu, mem, List.of(), 0);
    }

    private static Map<String, Long> perNode(Decisions d) {
        return d.assignments().stream().collect(Collectors.groupingBy(Assignment::nodeId, Collectors.counting()));
    }

    @Test
    void spreadsEvenlyOverEqualNodes() {
        Decisions d = Scheduler.schedule(List.of(node("a"), node("b"), node("c")), simple("web", 9));
        assertThat(d.pending()).isEmpty();
        assertThat(perNode(d)).containsOnly(Map.entry("a", 3L), Map.entry("b", 3L), Map.entry("c", 3L));
        assertThat(d.nodes()).allSatisfy(n -> assertThat(n.tasksOf("web")).isEqualTo(3));
    }

    @Test
    void fewestTasksOfTheServiceFirstThenFewestOverall() {
        NodeInfo busy = new NodeInfo("a", "ha", NodeRole.WORKER, Map.of(), true, Availability.ACTIVE, 2 * CPU, 4 * GIB,
                0, 0, Set.of(), Map.of("other", 5));
        Decisions d = Scheduler.schedule(List.of(busy, node("b")), simple("web", 2));
        assertThat(d.assignments()).containsExactly(new Assignment("web-t1", "b"), new Assignment("web-t2", "a"));
        NodeInfo hasWeb = new NodeInfo("b", "hb", NodeRole.WORKER, Map.of(), true, Availability.ACTIVE, 2 * CPU, 4 * GIB,
                0, 0, Set.of(), Map.of("web", 1));
        Decisions d2 = Scheduler.schedule(List.of(busy, hasWeb, node("c")), simple("web", 3));
        assertThat(d2.assignments()).extracting(Assignment::nodeId).containsExactly("c", "a", "b");
    }

    @Test
    void insufficientCpuExplainsOverAllNodes() {
        List<NodeInfo> nodes = List.of(node("a"), node("b"), node("c"));
        Decisions d = Scheduler.schedule(nodes, tasks("web", 7, i -> reserving("web", i, CPU, 0)));
        assertThat(d.assignments()).hasSize(6);
        assertThat(d.pending()).singleElement().satisfies(p -> {
            assertThat(p.taskId()).isEqualTo("web-t7");
            assertThat(p.reason()).isEqualTo("no suitable node (insufficient CPU on 3 nodes)");
        });
        assertThat(d.nodes()).allSatisfy(n -> assertThat(n.freeNanoCpus()).isZero());
    }

    @Test
    void memoryAndBothAreTold() {
        NodeInfo small = NodeInfo.idle("a", "ha", NodeRole.WORKER, CPU, GIB);
        NodeInfo tiny = NodeInfo.idle("b", "hb", NodeRole.WORKER, 4 * CPU, GIB);
        Decisions d = Scheduler.schedule(List.of(small, tiny), List.of(reserving("web", 1, 2 * CPU, 2 * GIB)));
        assertThat(d.pending().get(0).reason())
                .isEqualTo("no suitable node (insufficient memory on 1 node; insufficient CPU and memory on 1 node)");
    }

    @Test
    void unavailableAndConstrainedNodesAreCountedSeparately() {
        List<NodeInfo> nodes = List.of(node("a").withAvailability(Availability.DRAIN), node("b"), node("c"));
        TaskRequest t = new TaskRequest("t1", "web", 1, null, List.of(Constraint.parse("node.role==manager")), 0, 0,
                List.of(), 0);
        Decisions d = Scheduler.schedule(nodes, List.of(t));
        assertThat(d.pending().get(0).reason()).isEqualTo(
                "no suitable node (1 node not available for new tasks; scheduling constraints not satisfied on 2 nodes)");
    }

    @Test
    void drainedPausedAndDownNodesGetNothing() {
        List<NodeInfo> nodes = List.of(node("a").withAvailability(Availability.PAUSE), node("b").withReady(false),
                node("c").withAvailability(Availability.DRAIN), node("d"));
        Decisions d = Scheduler.schedule(nodes, simple("web", 4));
        assertThat(perNode(d)).containsOnly(Map.entry("d", 4L));
    }

    @Test
    void constraintsOnLabelsHostnameAndId() {
        List<NodeInfo> nodes = List.of(node("a").withLabels(Map.of("zone", "eu")), node("b").withLabels(Map.of("zone", "us")),
                node("c"));
        TaskRequest eu = new TaskRequest("t1", "web", 1, null, List.of(Constraint.parse("node.labels.zone==eu")), 0, 0, List.of(), 0);
        TaskRequest notB = new TaskRequest("t2", "api", 1, null,
                List.of(Constraint.parse("node.hostname!=host-b"), Constraint.parse("node.id!=a")), 0, 0, List.of(), 0);
        Decisions d = Scheduler.schedule(nodes, List.of(eu, notB));
        assertThat(d.assignments()).containsExactly(new Assignment("t1", "a"), new Assignment("t2", "c"));
    }

    @Test
    void hostPortsAreExclusivePerNode() {
        BoundPort http = new BoundPort(8080, Protocol.TCP);
        NodeInfo taken = new NodeInfo("c", "hc", NodeRole.WORKER, Map.of(), true, Availability.ACTIVE, CPU, GIB, 0, 0,
                Set.of(http), Map.of());
        List<TaskRequest> web = tasks("web", 4, i -> new TaskRequest("w" + i, "web", i, null, List.of(), 0, 0, List.of(http), 0));
        Decisions d = Scheduler.schedule(List.of(node("a"), node("b"), taken), web);
        assertThat(perNode(d)).containsOnly(Map.entry("a", 1L), Map.entry("b", 1L));
        assertThat(d.pending()).extracting(Decisions.Pending::reason)
                .containsOnly("no suitable node (host port already in use on 3 nodes)");
        TaskRequest udp = new TaskRequest("u1", "dns", 1, null, List.of(), 0, 0, List.of(new BoundPort(8080, Protocol.UDP)), 0);
        assertThat(Scheduler.schedule(List.of(taken), List.of(udp)).assignments()).hasSize(1);
    }

    @Test
    void maxReplicasPerNode() {
        List<TaskRequest> web = tasks("web", 7, i -> new TaskRequest("w" + i, "web", i, null, List.of(), 0, 0, List.of(), 2));
        Decisions d = Scheduler.schedule(List.of(node("a"), node("b"), node("c")), web);
        assertThat(perNode(d)).containsOnly(Map.entry("a", 2L), Map.entry("b", 2L), Map.entry("c", 2L));
        assertThat(d.pending()).singleElement().extracting(Decisions.Pending::reason)
                .isEqualTo("no suitable node (max replicas per node reached on 3 nodes)");
    }

    @Test
    void globalTasksGoToTheirNodeOnly() {
        List<NodeInfo> nodes = List.of(node("a"), node("b").withAvailability(Availability.DRAIN));
        List<TaskRequest> agent = List.of(
                new TaskRequest("g-a", "agent", 0, "a", List.of(), 0, 0, List.of(), 0),
                new TaskRequest("g-b", "agent", 0, "b", List.of(), 0, 0, List.of(), 0),
                new TaskRequest("g-z", "agent", 0, "z", List.of(), 0, 0, List.of(), 0));
        Decisions d = Scheduler.schedule(nodes, agent);
        assertThat(d.assignments()).containsExactly(new Assignment("g-a", "a"));
        assertThat(d.pending()).extracting(Decisions.Pending::reason).containsExactly(
                "no suitable node (1 node not available for new tasks)",
                "no suitable node (node z is not in the cluster)");
    }

    @Test
    void pendingTasksArePlacedWhenANodeJoins() {
        List<NodeInfo> nodes = new ArrayList<>(List.of(node("a"), node("b"), node("c")));
        List<TaskRequest> web = tasks("web", 8, i -> reserving("web", i, CPU, 0));
        Decisions first = Scheduler.schedule(nodes, web);
        assertThat(first.pending()).hasSize(2);
        List<NodeInfo> grown = new ArrayList<>(first.nodes());
        grown.add(node("d"));
        List<TaskRequest> stillPending = web.stream()
                .filter(t -> first.pending().stream().anyMatch(p -> p.taskId().equals(t.taskId()))).toList();
        Decisions second = Scheduler.schedule(grown, stillPending);
        assertThat(second.pending()).isEmpty();
        assertThat(perNode(second)).containsOnly(Map.entry("d", 2L));
    }

    @Test
    void resultDoesNotDependOnTheOrderNodesAreListedIn() {
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            nodes.add(node("n" + i));
        }
        List<TaskRequest> web = simple("web", 33);
        Decisions ordered = Scheduler.schedule(nodes, web);
        Collections.reverse(nodes);
        assertThat(Scheduler.schedule(nodes, web).assignments()).isEqualTo(ordered.assignments());
    }

    @Test
    void explainsASingleNode() {
        assertThat(Scheduler.refusal(node("a"), reserving("web", 1, 3 * CPU, 0))).contains(NodeRefusal.INSUFFICIENT_CPU);
        assertThat(Scheduler.refusal(node("a"), reserving("web", 1, CPU, 0))).isEmpty();
        assertThat(NodeRefusal.INSUFFICIENT_CPU.explain(1)).isEqualTo("insufficient CPU on 1 node");
    }

    @Test
    void edgeCases() {
        assertThat(Scheduler.schedule(List.of(), simple("web", 1)).pending().get(0).reason())
                .isEqualTo("no suitable node (no nodes in the cluster)");
        assertThat(Scheduler.schedule(List.of(node("a")), List.of()).assignments()).isEmpty();
        assertThatThrownBy(() -> Scheduler.schedule(List.of(node("a"), node("a")), List.of()))
                .hasMessageContaining("node a is listed twice");
    }
}
