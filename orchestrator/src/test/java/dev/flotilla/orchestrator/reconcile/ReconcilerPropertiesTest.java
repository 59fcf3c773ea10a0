package dev.flotilla.orchestrator.reconcile;

import dev.flotilla.orchestrator.api.Availability;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.spec.PortSpec;
import dev.flotilla.orchestrator.spec.UpdatePolicy;
import dev.flotilla.orchestrator.spec.ServiceMode;
import dev.flotilla.orchestrator.spec.ServiceUpdateOptions;
import dev.flotilla.orchestrator.state.Command;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random clusters under random events (nodes dying and returning, drains, scaling, image updates, forced
 * redeploys, crashing images), seeded so a failure names a reproducible case. After every step: one live task per
 * slot, no two running tasks of a slot on reachable nodes, nothing live on a down or drained node, reservations
 * and host ports never over-committed, history bounded. Once events stop and time passes, every service converges
 * to its definition.
 */
class ReconcilerPropertiesTest {
    private static final int CASES = 150;
    private static final int STEPS = 40;

    @Test
    void invariantsHoldAndServicesConverge() {
        int events = 0;
        for (int c = 0; c < CASES; c++) {
            long seed = 0xC0FFEEL + c;
            Random r = new Random(seed);
            Sim sim = new Sim(2 + r.nextInt(4));
            createServices(sim, r);
            int[] at = {0};
            sim.midRound = () -> check("seed " + seed + " step " + at[0] + " (mid agent round)", sim);
            for (int step = 0; step < STEPS; step++) {
                at[0] = step;
                events += randomEvent(sim, r) ? 1 : 0;
                sim.reconcile();
                if (r.nextInt(4) > 0) {
                    sim.agents();
                }
                sim.advance(r.nextInt(3) * 2_000L);
                check("seed " + seed + " step " + step, sim);
            }
            calmDown(sim);
            checkConverged("seed " + seed, sim);
        }
        assertThat(events).as("the generator must produce events").isGreaterThan(CASES * STEPS / 3);
    }

    private static void createServices(Sim sim, Random r) {
        sim.create("s1", Sim.spec("web", "img:1", "--replicas", Integer.toString(1 + r.nextInt(6)),
                "--update-parallelism", Integer.toString(r.nextInt(3)), "--update-failure-action",
                List.of("pause", "continue", "rollback").get(r.nextInt(3)), "--update-order",
                r.nextBoolean() ? "stop-first" : "start-first"));
        sim.create("s2", Sim.spec("api", "img:1", "--replicas", Integer.toString(r.nextInt(4)),
                "--publish", "8080:80", "--reserve-cpu", r.nextBoolean() ? "1" : "0"));
        if (r.nextBoolean()) {
            sim.create("g1", Sim.spec("agent", "img:1", "--mode", "global"));
        }
    }

    private static boolean randomEvent(Sim sim, Random r) {
        List<String> nodes = new ArrayList<>(sim.state.nodes().keySet());
        String node = nodes.get(r.nextInt(nodes.size()));
        switch (r.nextInt(12)) {
            case 0 -> {
                if (!sim.deadNodes.contains(node)) {
                    sim.kill(node);
                }
            }
            case 1 -> {
                if (sim.deadNodes.contains(node)) {
                    sim.revive(node);
                }
            }
            case 2 -> sim.availability(node, Availability.values()[r.nextInt(3)]);
            case 3 -> sim.scale("s1", r.nextInt(8));
            case 4 -> sim.scale("s2", r.nextInt(4));
            case 5 -> sim.update("s1", ServiceUpdateOptions.builder().image("img:" + (2 + r.nextInt(3))).build());
            case 6 -> sim.update("s1", ServiceUpdateOptions.builder().force(true).build());
            case 7 -> {
                if (r.nextBoolean()) {
                    sim.failingImages.add("img:" + (2 + r.nextInt(3)));
                } else {
                    sim.failingImages.clear();
                }
            }
            case 8 -> sim.addNode("n" + (10 + sim.state.nodes().size()), Sim.CPU * (1 + r.nextInt(4)));
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Nodes come back, images work again, time passes: what every service must reach. */
    private static void calmDown(Sim sim) {
        sim.failingImages.clear();
        for (String n : List.copyOf(sim.deadNodes)) {
            sim.revive(n);
        }
        for (Node n : sim.state.nodes().values()) {
            sim.availability(n.id(), Availability.ACTIVE);
        }
        for (int i = 0; i < 60; i++) {
            sim.advance(61_000);
            sim.reconcile();
            sim.agents();
            check("calming " + i, sim);
        }
        sim.settle();
    }

    static void check(String where, Sim sim) {
        Map<String, Long> cpuPerNode = new HashMap<>();
        Map<String, Set<String>> portsPerNode = new HashMap<>();
        Map<String, Integer> livePerSlot = new HashMap<>();
        Map<String, Integer> runningPerSlot = new HashMap<>();
        Map<String, Integer> historyPerSlot = new HashMap<>();
        for (Task t : sim.state.tasks().values()) {
            String slot = t.serviceId() + "/" + t.slotKey();
            historyPerSlot.merge(slot, 1, Integer::sum);
            if (t.isLive()) {
                livePerSlot.merge(slot, 1, Integer::sum);
                Node n = sim.state.node(t.nodeId());
                if (n != null) {
                    assertThat(n.status() == NodeStatus.DOWN || n.availability() == Availability.DRAIN)
                            .as(where + ": live task %s on down or drained node %s\n%s", t.id(), n.id(), sim.dump())
                            .isFalse();
                }
            }
            boolean reachable = !t.nodeId().isEmpty() && !sim.deadNodes.contains(t.nodeId());
            // start-first counts the running tasks still wanted: one told to stop may run on beside two others
            if (t.state() == TaskState.RUNNING && reachable && (t.isLive() || !startFirst(sim, slot))) {
                runningPerSlot.merge(slot, 1, Integer::sum);
            }
            if (!t.nodeId().isEmpty() && t.state().ordinal() >= TaskState.ASSIGNED.ordinal() && !t.state().isTerminal()) {
                cpuPerNode.merge(t.nodeId(), t.spec().reservations().nanoCpus(), Long::sum);
                for (PortSpec p : t.spec().ports()) {
                    assertThat(portsPerNode.computeIfAbsent(t.nodeId(), k -> new HashSet<>()).add(p.format()))
                            .as(where + ": port %s used twice on %s\n%s", p.format(), t.nodeId(), sim.dump()).isTrue();
                }
            }
        }
        // start-first: a slot's old task runs beside its replacement until the replacement runs (and a round after)
        livePerSlot.forEach((slot, n) -> assertThat(n).as(where + ": live tasks in " + slot + "\n" + sim.dump())
                .isBetween(1, startFirst(sim, slot) ? 2 : 1));
        runningPerSlot.forEach((slot, n) -> assertThat(n).as(where + ": running tasks in " + slot + "\n" + sim.dump())
                .isBetween(1, startFirst(sim, slot) ? 2 : 1));
        cpuPerNode.forEach((node, cpu) -> assertThat(cpu).as(where + ": CPU reserved on " + node)
                .isLessThanOrEqualTo(sim.state.node(node).description().resources().nanoCpus()));
        historyPerSlot.forEach((slot, n) -> assertThat(n).as(where + ": history of " + slot + "\n" + sim.dump())
                .isLessThanOrEqualTo(sim.state.settings().taskHistoryLimit() + 2));
    }

    private static boolean startFirst(Sim sim, String slot) {
        Service s = sim.state.services().get(slot.substring(0, slot.indexOf('/')));
        return s != null && (s.spec().update().order() == UpdatePolicy.Order.START_FIRST
                || s.spec().rollback().order() == UpdatePolicy.Order.START_FIRST);
    }

    static void checkConverged(String where, Sim sim) {
        for (Service s : sim.state.services().values()) {
            List<Task> live = sim.tasks(s.id(), Task::isLive);
            long fitting = sim.state.nodes().values().stream().filter(n -> TaskSpecs.fits(s.spec(), n)).count();
            int wanted = s.spec().mode() == ServiceMode.GLOBAL ? (int) fitting : s.spec().replicas();
            assertThat(live).as(where + ": live tasks of " + s.name() + "\n" + sim.dump()).hasSize(wanted);
            boolean paused = s.updateStatus() != null && s.updateStatus().paused();
            if (!paused) {
                assertThat(live).as(where + ": all on the current definition")
                        .allMatch(t -> !TaskSpecs.differs(t.spec(), s.spec()));
            }
            long capacity = s.spec().ports().isEmpty() ? Long.MAX_VALUE : sim.state.nodes().size();
            long running = live.stream().filter(t -> t.state() == TaskState.RUNNING).count();
            assertThat(running).as(where + ": running tasks of " + s.name() + "\n" + sim.dump())
                    .isEqualTo(Math.min(wanted, capacity));
        }
        assertThat(sim.reconcile().commands()).as(where + ": a converged cluster needs nothing").isEmpty();
    }

    @Test
    void theSameStateAlwaysGivesTheSamePlan() {
        Sim a = new Sim(3);
        a.create("s1", Sim.spec("web", "img:1", "--replicas", "5"));
        a.settle();
        a.kill("n2");
        List<Command> first = Reconciler.plan(a.state, a.now, new Counter()::next).commands();
        List<Command> second = Reconciler.plan(a.state, a.now, new Counter()::next).commands();
        assertThat(first).isNotEmpty().isEqualTo(second);
    }

    private static final class Counter {
        private int n;

        String next() {
            return "x" + (++n);
        }
    }
}
