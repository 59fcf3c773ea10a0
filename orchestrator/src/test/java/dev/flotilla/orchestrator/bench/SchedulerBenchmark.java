package dev.flotilla.orchestrator.bench;

import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.scheduler.Decisions;
import dev.flotilla.orchestrator.scheduler.NodeInfo;
import dev.flotilla.orchestrator.scheduler.Scheduler;
import dev.flotilla.orchestrator.scheduler.TaskRequest;
import dev.flotilla.orchestrator.spec.Constraint;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Placements per second of the pure scheduler, in process, on 1,000 nodes. Each invocation schedules the whole
 * workload from empty nodes, so the score (ops/s with one op per task) is placements per second including
 * batching, filtering, spreading, the decisions' records and the updated node list. SwarmKit's published figure
 * for 100,000 tasks on 1,000 nodes is 22.6 s, about 4,400 placements per second. The last benchmark places only
 * 100 tasks on nodes already carrying 100,000, so most of its time is copying the node list.
 * Run: scripts/bench/scheduler-jmh.sh (results in docs/benchmarks/scheduler.md).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class SchedulerBenchmark {
    static final int NODES = 1_000;
    static final int TASKS = 100_000;
    private static final long CPU = 1_000_000_000L;
    private static final long GIB = 1L << 30;
    private static final String[] ZONES = {"eu", "us", "ap", "af"};

    private List<NodeInfo> nodes;
    /** One service of 100,000 replicas reserving 0.05 CPU and 64 MiB each, spread over every node. */
    private List<TaskRequest> oneService;
    /** 100 services of 1,000 replicas, each constrained to one zone of four, with reservations and max 5 per node. */
    private List<TaskRequest> hundredServices;
    /** 10,000 services of one replica each: every task is its own batch (the worst case for batching). */
    private List<TaskRequest> singletons;
    /** 1,000 nodes that each run one task of each of 100 services (100,000 tasks in all). */
    private List<NodeInfo> loadedNodes;
    /** Those 100 services scaled up by one: one-task batches whose service already runs on every node. */
    private List<TaskRequest> scaleUpsByOne;

    @Setup
    public void setUp() {
        nodes = new ArrayList<>(NODES);
        for (int i = 0; i < NODES; i++) {
            NodeInfo n = NodeInfo.idle(String.format("node-%04d", i), "host-" + i, i < 3 ? NodeRole.MANAGER : NodeRole.WORKER,
                    16 * CPU, 64 * GIB);
            nodes.add(n.withLabels(Map.of("zone", ZONES[i % ZONES.length])));
        }
        oneService = new ArrayList<>(TASKS);
        for (int t = 0; t < TASKS; t++) {
            oneService.add(new TaskRequest("web-" + t, "web", t + 1, null, List.of(), CPU / 20, 64L << 20, List.of(), 0));
        }
        hundredServices = new ArrayList<>(TASKS);
        for (int s = 0; s < 100; s++) {
            List<Constraint> zone = List.of(Constraint.parse("node.labels.zone==" + ZONES[s % ZONES.length]),
                    Constraint.parse("node.role==worker"));
            for (int t = 0; t < 1_000; t++) {
                hundredServices.add(new TaskRequest("s" + s + "-" + t, "svc-" + s, t + 1, null, zone, CPU / 100,
                        32L << 20, List.of(), 5));
            }
        }
        loadedNodes = new ArrayList<>(NODES);
        Map<String, Integer> everyService = new java.util.HashMap<>();
        for (int s = 0; s < 100; s++) {
            everyService.put("svc-" + s, 1);
        }
        for (NodeInfo n : nodes) {
            loadedNodes.add(new NodeInfo(n.id(), n.hostname(), n.role(), n.labels(), true, n.availability(),
                    n.totalNanoCpus(), n.totalMemoryBytes(), CPU, 100L * (32L << 20), java.util.Set.of(), everyService));
        }
        scaleUpsByOne = new ArrayList<>(100);
        for (int s = 0; s < 100; s++) {
            scaleUpsByOne.add(new TaskRequest("up-" + s, "svc-" + s, 1_001, null, List.of(), CPU / 100, 32L << 20,
                    List.of(), 0));
        }
        singletons = new ArrayList<>(10_000);
        for (int s = 0; s < 10_000; s++) {
            singletons.add(new TaskRequest("one-" + s, "single-" + s, 1, null, List.of(), CPU / 100, 16L << 20, List.of(), 0));
        }
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public Decisions oneServiceOf100kTasks() {
        return check(Scheduler.schedule(nodes, oneService), TASKS);
    }

    @Benchmark
    @OperationsPerInvocation(TASKS)
    public Decisions hundredConstrainedServices() {
        return check(Scheduler.schedule(nodes, hundredServices), TASKS);
    }

    @Benchmark
    @OperationsPerInvocation(10_000)
    public Decisions tenThousandSingleTaskServices() {
        return check(Scheduler.schedule(nodes, singletons), 10_000);
    }

    @Benchmark
    @OperationsPerInvocation(100)
    public Decisions hundredServicesScaledUpByOne() {
        return check(Scheduler.schedule(loadedNodes, scaleUpsByOne), 100);
    }

    private static Decisions check(Decisions d, int expected) {
        if (d.assignments().size() != expected) {
            throw new IllegalStateException("expected " + expected + " placements, got " + d.assignments().size()
                    + "; first pending: " + d.pending().get(0));
        }
        return d;
    }
}
