package dev.flotilla.orchestrator.scheduler;

import dev.flotilla.orchestrator.api.Availability;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.scheduler.Decisions.Assignment;
import dev.flotilla.orchestrator.spec.Constraint;
import dev.flotilla.orchestrator.spec.Protocol;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scheduler against a slow reference model that places one task at a time by the rule itself: among the
 * nodes that accept the task, the one with the fewest tasks of its service, then the fewest tasks overall, then
 * the smallest id. Batches of many tasks (the heap), batches of one (the load-order walk and its fallback scan)
 * and mixes of both must all make the same choices, task by task.
 */
class SchedulerReferenceTest {
    private static final long CPU = 1_000_000_000L;
    private static final long MIB = 1L << 20;

    @Test
    void batchesAndSingleTasksChooseLikeTheRule() {
        for (int c = 0; c < 200; c++) {
            long seed = 0xbee_0000L + c;
            Random r = new Random(seed);
            List<NodeInfo> nodes = nodes(r);
            List<TaskRequest> tasks = tasks(r, nodes.size());
            Decisions actual = Scheduler.schedule(nodes, orderForBatches(tasks));
            List<Assignment> expected = reference(nodes, orderForBatches(tasks));
            assertThat(actual.assignments()).as("seed %d", seed).isEqualTo(expected);
        }
    }

    /** The scheduler takes batches in order of first appearance; the reference walks tasks in that same order. */
    private static List<TaskRequest> orderForBatches(List<TaskRequest> tasks) {
        Map<Object, List<TaskRequest>> groups = new java.util.LinkedHashMap<>();
        for (TaskRequest t : tasks) {
            groups.computeIfAbsent(t.batchKey(), k -> new ArrayList<>()).add(t);
        }
        List<TaskRequest> out = new ArrayList<>();
        groups.values().forEach(out::addAll);
        return out;
    }

    private static List<Assignment> reference(List<NodeInfo> start, List<TaskRequest> tasks) {
        Map<String, NodeInfo> nodes = new HashMap<>();
        start.forEach(n -> nodes.put(n.id(), n));
        List<Assignment> out = new ArrayList<>();
        for (TaskRequest t : tasks) {
            nodes.values().stream()
                    .filter(n -> Scheduler.refusal(n, t).isEmpty())
                    .min(Comparator.<NodeInfo>comparingInt(n -> n.tasksOf(t.serviceId()))
                            .thenComparingInt(NodeInfo::totalTasks).thenComparing(NodeInfo::id))
                    .ifPresent(n -> {
                        out.add(new Assignment(t.taskId(), n.id()));
                        nodes.put(n.id(), withTask(n, t));
                    });
        }
        return out;
    }

    private static NodeInfo withTask(NodeInfo n, TaskRequest t) {
        Set<BoundPort> ports = new HashSet<>(n.usedHostPorts());
        ports.addAll(t.hostPorts());
        Map<String, Integer> counts = new HashMap<>(n.tasksPerService());
        counts.merge(t.serviceId(), 1, Integer::sum);
        return new NodeInfo(n.id(), n.hostname(), n.role(), n.labels(), n.ready(), n.availability(), n.totalNanoCpus(),
                n.totalMemoryBytes(), n.reservedNanoCpus() + t.nanoCpus(), n.reservedMemoryBytes() + t.memoryBytes(),
                ports, counts);
    }

    private static List<NodeInfo> nodes(Random r) {
        int count = 1 + r.nextInt(r.nextBoolean() ? 8 : 120);
        List<NodeInfo> nodes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Map<String, Integer> existing = new HashMap<>();
            for (int s = 0; s < 4; s++) {
                if (r.nextInt(3) == 0) {
                    existing.put("svc" + s, 1 + r.nextInt(3));
                }
            }
            nodes.add(new NodeInfo("node-" + r.nextInt(1_000_000) + "-" + i, "h" + i, NodeRole.WORKER,
                    Map.of("zone", r.nextBoolean() ? "eu" : "us"), r.nextInt(10) != 0,
                    r.nextInt(10) != 0 ? Availability.ACTIVE : Availability.DRAIN,
                    (2 + r.nextInt(6)) * CPU, 4096 * MIB, 0, 0, Set.of(), existing));
        }
        return nodes;
    }

    private static List<TaskRequest> tasks(Random r, int nodeCount) {
        List<TaskRequest> tasks = new ArrayList<>();
        int count = r.nextInt(3 * nodeCount + 10);
        for (int i = 0; i < count; i++) {
            int service = r.nextInt(r.nextBoolean() ? 4 : 200);
            boolean zoned = service % 3 == 0;
            boolean heavy = service % 5 == 0;
            boolean port = service % 7 == 0;
            tasks.add(new TaskRequest("t" + i, "svc" + service, i + 1, null,
                    zoned ? List.of(Constraint.parse("node.labels.zone==eu")) : List.of(),
                    heavy ? CPU : CPU / 10, heavy ? 512 * MIB : 0,
                    port ? List.of(new BoundPort(9000 + service, Protocol.TCP)) : List.of(), service % 11 == 0 ? 2 : 0));
        }
        return tasks;
    }
}
