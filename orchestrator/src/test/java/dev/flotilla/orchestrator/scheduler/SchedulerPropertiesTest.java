package dev.flotilla.orchestrator.scheduler;

import dev.flotilla.orchestrator.api.Availability;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.scheduler.Decisions.Assignment;
import dev.flotilla.orchestrator.scheduler.Decisions.Pending;
import dev.flotilla.orchestrator.spec.Constraint;
import dev.flotilla.orchestrator.spec.Protocol;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Properties over many random clusters and workloads (seeded, so a failure names a reproducible case): no
 * over-commit, constraints and readiness always hold, host ports and max-per-node are respected, every task is
 * decided exactly once, a pending task truly fits nowhere and its reason counts every node once, and equal
 * nodes end up within one task of each other.
 */
class SchedulerPropertiesTest {
    private static final int CASES = 300;
    private static final long CPU = 1_000_000_000L;
    private static final long MIB = 1L << 20;
    private static final Pattern COUNT = Pattern.compile("(\\d+) nodes?");
    private static final String[] ZONES = {"eu", "us", "ap"};

    @Test
    void invariantsHoldOnRandomClusters() {
        int placed = 0;
        Set<String> reasons = new HashSet<>();
        for (int c = 0; c < CASES; c++) {
            long seed = 0x5eed_0000L + c;
            Random random = new Random(seed);
            List<NodeInfo> nodes = randomNodes(random);
            List<TaskRequest> tasks = randomTasks(random, nodes);
            Decisions d = Scheduler.schedule(nodes, tasks);
            check("seed " + seed, nodes, tasks, d);
            placed += d.assignments().size();
            d.pending().forEach(p -> reasons.add(p.reason().replaceAll("\\d+ nodes?", "N")));
        }
        // the generator must reach every filter, or the properties above prove little
        assertThat(placed).isGreaterThan(1000);
        assertThat(String.join("|", reasons)).as("reasons seen").contains("insufficient CPU", "insufficient memory", "not ready",
                "not available for new tasks", "scheduling constraints", "host port already in use",
                "max replicas per node");
    }

    @Test
    void equalNodesStayWithinOneTask() {
        Random random = new Random(42);
        for (int c = 0; c < CASES; c++) {
            int nodeCount = 1 + random.nextInt(50);
            List<NodeInfo> nodes = new ArrayList<>();
            for (int i = 0; i < nodeCount; i++) {
                nodes.add(NodeInfo.idle("n" + i, "h" + i, NodeRole.WORKER, 4 * CPU, 1024 * MIB));
            }
            int taskCount = random.nextInt(500);
            List<TaskRequest> tasks = new ArrayList<>();
            for (int t = 0; t < taskCount; t++) {
                tasks.add(TaskRequest.simple("t" + t, "svc", t + 1));
            }
            Decisions d = Scheduler.schedule(nodes, tasks);
            IntSummaryStatistics stats = d.nodes().stream().mapToInt(n -> n.tasksOf("svc")).summaryStatistics();
            assertThat(stats.getMax() - stats.getMin()).as("case %d: %d tasks on %d nodes", c, taskCount, nodeCount)
                    .isLessThanOrEqualTo(1);
            assertThat(d.assignments()).hasSize(taskCount);
        }
    }

    @Test
    void aSecondServiceFillsTheLeastLoadedNodesFirst() {
        Random random = new Random(7);
        for (int c = 0; c < CASES; c++) {
            int nodeCount = 2 + random.nextInt(20);
            List<NodeInfo> nodes = new ArrayList<>();
            for (int i = 0; i < nodeCount; i++) {
                nodes.add(NodeInfo.idle("n" + i, "h" + i, NodeRole.WORKER, 4 * CPU, 1024 * MIB));
            }
            List<TaskRequest> tasks = new ArrayList<>();
            int a = random.nextInt(3 * nodeCount);
            int b = random.nextInt(3 * nodeCount);
            for (int t = 0; t < a; t++) {
                tasks.add(TaskRequest.simple("a" + t, "svc-a", t + 1));
            }
            for (int t = 0; t < b; t++) {
                tasks.add(TaskRequest.simple("b" + t, "svc-b", t + 1));
            }
            Decisions d = Scheduler.schedule(nodes, tasks);
            IntSummaryStatistics total = d.nodes().stream().mapToInt(NodeInfo::totalTasks).summaryStatistics();
            assertThat(total.getMax() - total.getMin()).as("case %d", c).isLessThanOrEqualTo(2);
            IntSummaryStatistics svcB = d.nodes().stream().mapToInt(n -> n.tasksOf("svc-b")).summaryStatistics();
            assertThat(svcB.getMax() - svcB.getMin()).as("case %d", c).isLessThanOrEqualTo(1);
        }
    }

    private static void check(String why, List<NodeInfo> nodes, List<TaskRequest> tasks, Decisions d) {
        Map<String, NodeInfo> byId = nodes.stream().collect(Collectors.toMap(NodeInfo::id, Function.identity()));
        Map<String, TaskRequest> taskById = tasks.stream().collect(Collectors.toMap(TaskRequest::taskId, Function.identity()));
        Set<String> decided = new HashSet<>();
        d.assignments().forEach(a -> assertThat(decided.add(a.taskId())).as(why + ": decided twice " + a).isTrue());
        d.pending().forEach(p -> assertThat(decided.add(p.taskId())).as(why + ": decided twice " + p).isTrue());
        assertThat(decided).as(why).isEqualTo(taskById.keySet());

        Map<String, long[]> reserved = new HashMap<>();
        Map<String, Set<BoundPort>> ports = new HashMap<>();
        Map<String, Integer> perNodeService = new HashMap<>();
        for (NodeInfo n : nodes) {
            reserved.put(n.id(), new long[]{n.reservedNanoCpus(), n.reservedMemoryBytes()});
            ports.put(n.id(), new HashSet<>(n.usedHostPorts()));
        }
        for (Assignment a : d.assignments()) {
            TaskRequest t = taskById.get(a.taskId());
            NodeInfo n = byId.get(a.nodeId());
            assertThat(n.ready() && n.availability() == Availability.ACTIVE).as(why + ": " + a + " on unavailable node").isTrue();
            for (Constraint c : t.constraints()) {
                assertThat(c.matches(n.id(), n.hostname(), n.role().lowerName(), n.labels())).as(why + ": " + a + " breaks " + c.format()).isTrue();
            }
            if (t.pinnedNodeId() != null) {
                assertThat(a.nodeId()).as(why).isEqualTo(t.pinnedNodeId());
            }
            long[] r = reserved.get(n.id());
            r[0] += t.nanoCpus();
            r[1] += t.memoryBytes();
            assertThat(r[0]).as(why + ": CPU over-committed on " + n.id()).isLessThanOrEqualTo(n.totalNanoCpus());
            assertThat(r[1]).as(why + ": memory over-committed on " + n.id()).isLessThanOrEqualTo(n.totalMemoryBytes());
            for (BoundPort p : t.hostPorts()) {
                assertThat(ports.get(n.id()).add(p)).as(why + ": port " + p + " twice on " + n.id()).isTrue();
            }
            int count = perNodeService.merge(n.id() + "/" + t.serviceId(), 1, Integer::sum) + n.tasksOf(t.serviceId());
            if (t.maxPerNode() > 0) {
                assertThat(count).as(why + ": max per node on " + n.id()).isLessThanOrEqualTo(t.maxPerNode());
            }
        }
        for (NodeInfo after : d.nodes()) {
            assertThat(after.reservedNanoCpus()).as(why).isEqualTo(reserved.get(after.id())[0]);
            assertThat(after.reservedMemoryBytes()).as(why).isEqualTo(reserved.get(after.id())[1]);
            assertThat(after.usedHostPorts()).as(why).isEqualTo(ports.get(after.id()));
        }
        for (Pending p : d.pending()) {
            TaskRequest t = taskById.get(p.taskId());
            assertThat(p.reason()).as(why).startsWith("no suitable node (").endsWith(")");
            if (t.pinnedNodeId() == null) {
                for (NodeInfo after : d.nodes()) {
                    assertThat(Scheduler.refusal(after, t)).as(why + ": " + p.taskId() + " would fit on " + after.id()).isPresent();
                }
                Matcher m = COUNT.matcher(p.reason());
                int counted = 0;
                while (m.find()) {
                    counted += Integer.parseInt(m.group(1));
                }
                assertThat(counted).as(why + ": " + p.reason()).isEqualTo(nodes.size());
            }
        }
    }

    private static List<NodeInfo> randomNodes(Random r) {
        int count = 1 + r.nextInt(12);
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long cpu = (1 + r.nextInt(8)) * CPU;
            long mem = (256 + r.nextInt(4096)) * MIB;
            Set<BoundPort> used = r.nextInt(4) == 0 ? Set.of(new BoundPort(8080, Protocol.TCP)) : Set.of();
            Map<String, Integer> existing = r.nextBoolean() ? Map.of("svc0", r.nextInt(3)) : Map.of();
            Availability availability = Availability.values()[r.nextInt(6) < 4 ? 0 : 1 + r.nextInt(2)];
            nodes.add(new NodeInfo("node-" + i, "host-" + i, r.nextInt(3) == 0 ? NodeRole.MANAGER : NodeRole.WORKER,
                    r.nextBoolean() ? Map.of("zone", ZONES[r.nextInt(3)]) : Map.of(), r.nextInt(8) != 0, availability,
                    cpu, mem, (long) (cpu * r.nextDouble() * 0.5), (long) (mem * r.nextDouble() * 0.5), used, existing));
        }
        return nodes;
    }

    private static List<TaskRequest> randomTasks(Random r, List<NodeInfo> nodes) {
        List<TaskRequest> tasks = new ArrayList<>();
        int services = 1 + r.nextInt(4);
        for (int s = 0; s < services; s++) {
            String service = "svc" + s;
            List<Constraint> constraints = new ArrayList<>();
            if (r.nextInt(3) == 0) {
                constraints.add(Constraint.parse("node.labels.zone" + (r.nextBoolean() ? "==" : "!=") + ZONES[r.nextInt(3)]));
            }
            if (r.nextInt(4) == 0) {
                constraints.add(Constraint.parse("node.role==" + (r.nextBoolean() ? "manager" : "worker")));
            }
            long cpu = r.nextInt(3) == 0 ? 0 : (long) (r.nextDouble() * 2 * CPU);
            long mem = r.nextInt(3) == 0 ? 0 : r.nextInt(1024) * MIB;
            List<BoundPort> hostPorts = r.nextInt(5) == 0 ? List.of(new BoundPort(8080, Protocol.TCP)) : List.of();
            int maxPerNode = r.nextInt(4) == 0 ? 1 + r.nextInt(3) : 0;
            boolean global = r.nextInt(6) == 0;
            int count = global ? nodes.size() : r.nextInt(40);
            for (int i = 0; i < count; i++) {
                String pinned = global ? nodes.get(i).id() : null;
                tasks.add(new TaskRequest(service + "-" + i, service, global ? 0 : i + 1, pinned, constraints, cpu, mem,
                        hostPorts, global ? 0 : maxPerNode));
            }
        }
        return tasks;
    }
}
