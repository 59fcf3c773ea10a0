package dev.flotilla.orchestrator.reconcile;

import dev.flotilla.orchestrator.api.Availability;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.spec.ServiceUpdateOptions;
import dev.flotilla.orchestrator.state.Command;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static dev.flotilla.orchestrator.reconcile.Sim.spec;
import static org.assertj.core.api.Assertions.assertThat;

class ReconcilerTest {

    @Test
    void aNewServiceGetsOneTaskPerReplicaSpreadOverTheNodes() {
        Sim sim = new Sim(3);
        sim.create("s1", spec("web", "img:1", "--replicas", "3"));
        sim.reconcile();

        List<Task> tasks = sim.tasks("s1", t -> true);
        assertThat(tasks).extracting(Task::slot).containsExactlyInAnyOrder(1, 2, 3);
        assertThat(tasks).allSatisfy(t -> {
            assertThat(t.state()).isEqualTo(TaskState.ASSIGNED);
            assertThat(t.hostname()).matches("[0-9a-f]{12}");
            assertThat(t.specVersion()).isEqualTo(1);
        });
        assertThat(tasks).extracting(Task::nodeId).containsExactlyInAnyOrder("n1", "n2", "n3");
        assertThat(sim.plans.get(0).commands()).as("one batch: creation, then placement")
                .first().isInstanceOf(Command.PutTasks.class);

        sim.agents();
        sim.reconcile();
        assertThat(sim.plans.get(1).commands()).as("nothing left to do once running").isEmpty();
        assertThat(sim.running("s1")).hasSize(3);
    }

    @Test
    void hostnameTemplatesAreExpandedForTheTaskAndItsNode() {
        Sim sim = new Sim(1);
        sim.create("s1", spec("web", "img:1", "--replicas", "2", "--hostname", "{{.Service.Name}}-{{.Task.Slot}}-{{.Node.Hostname}}"));
        sim.reconcile();
        assertThat(sim.tasks("s1", t -> true)).extracting(Task::hostname)
                .containsExactlyInAnyOrder("web-1-node-1", "web-2-node-1");
    }

    @Test
    void scalingDownRemovesPendingTasksFirstThenFromTheBusiestNodeAndLeavesNoHistory() {
        Sim sim = new Sim(2);
        sim.create("s1", spec("web", "img:1", "--replicas", "3"));
        sim.settle();
        String busiest = sim.running("s1").stream().collect(Collectors.groupingBy(Task::nodeId, Collectors.counting()))
                .entrySet().stream().filter(e -> e.getValue() == 2).findFirst().orElseThrow().getKey();

        sim.scale("s1", 2);
        sim.reconcile();
        List<Task> removing = sim.tasks("s1", t -> t.desiredState() == TaskState.REMOVE);
        assertThat(removing).hasSize(1);
        assertThat(removing.get(0).nodeId()).isEqualTo(busiest);

        sim.settle();
        assertThat(sim.tasks("s1", t -> true)).as("a scaled-away task is forgotten once stopped").hasSize(2);
        assertThat(sim.running("s1")).hasSize(2);
    }

    @Test
    void scalingUpUsesTheLowestFreeSlots() {
        Sim sim = new Sim(2);
        sim.create("s1", spec("web", "img:1", "--replicas", "4"));
        sim.settle();
        sim.scale("s1", 1);
        sim.settle();
        sim.scale("s1", 3);
        sim.settle();
        assertThat(sim.running("s1")).extracting(Task::slot).containsExactlyInAnyOrder(1, 2, 3);
    }

    @Test
    void aFailedTaskIsReplacedAfterTheRestartDelayWhichGrowsWhileItKeepsFailing() {
        Sim sim = new Sim(1);
        sim.failingImages.add("broken:1");
        sim.create("s1", spec("bad", "broken:1", "--replicas", "1"));
        sim.reconcile();
        sim.agents();
        assertThat(sim.tasks("s1", t -> t.state() == TaskState.FAILED)).hasSize(1);

        Reconciler.Plan p = sim.reconcile();
        assertThat(sim.tasks("s1", Task::isLive)).as("no replacement before 5 s").isEmpty();
        assertThat(p.wakeAt()).isEqualTo(sim.now + 5_000);
        sim.advance(5_000);
        sim.reconcile();
        assertThat(sim.tasks("s1", Task::isLive)).hasSize(1);
        sim.agents();

        sim.reconcile();
        assertThat(sim.plans.get(sim.plans.size() - 1).wakeAt()).as("second failure: 10 s").isEqualTo(sim.now + 10_000);
        for (int i = 0; i < 6; i++) {
            sim.advance(60_000);
            sim.reconcile();
            sim.agents();
        }
        sim.reconcile();
        assertThat(sim.plans.get(sim.plans.size() - 1).wakeAt() - sim.now).as("capped").isEqualTo(60_000);
        assertThat(sim.tasks("s1", t -> true)).as("history stays bounded").hasSizeLessThanOrEqualTo(5);
    }

    @Test
    void tasksOfADownNodeAreReplacedElsewhereAndStoppedWhenItReturns() {
        Sim sim = new Sim(3);
        sim.create("s1", spec("web", "img:1", "--replicas", "3"));
        sim.settle();
        Task lost = sim.running("s1").stream().filter(t -> t.nodeId().equals("n2")).findFirst().orElseThrow();

        sim.kill("n2");
        sim.settle();
        assertThat(sim.running("s1")).hasSize(3).noneMatch(t -> t.nodeId().equals("n2"));
        Task old = sim.state.tasks().get(lost.id());
        assertThat(old.desiredState()).isEqualTo(TaskState.SHUTDOWN);
        assertThat(old.state()).as("the node cannot say otherwise yet").isEqualTo(TaskState.RUNNING);
        assertThat(sim.running("s1")).extracting(Task::slot).contains(lost.slot());

        sim.revive("n2");
        sim.settle();
        assertThat(sim.state.tasks().get(lost.id()).state()).isEqualTo(TaskState.SHUTDOWN);
        assertThat(sim.running("s1")).as("no rebalancing onto the returning node").noneMatch(t -> t.nodeId().equals("n2"));
    }

    @Test
    void drainingANodeMovesItsTasksAndNothingNewLandsThere() {
        Sim sim = new Sim(3);
        sim.create("s1", spec("web", "img:1", "--replicas", "6"));
        sim.settle();
        sim.availability("n3", Availability.DRAIN);
        sim.settle();
        assertThat(sim.running("s1")).hasSize(6).noneMatch(t -> t.nodeId().equals("n3"));
        sim.scale("s1", 8);
        sim.settle();
        assertThat(sim.running("s1")).hasSize(8).noneMatch(t -> t.nodeId().equals("n3"));
    }

    @Test
    void aTaskThatFitsNowhereWaitsWithTheReasonAndStartsWhenANodeJoins() {
        Sim sim = new Sim(3);
        sim.create("s1", spec("big", "img:1", "--replicas", "4", "--reserve-cpu", "3"));
        sim.settle();
        assertThat(sim.running("s1")).hasSize(3);
        List<Task> pending = sim.tasks("s1", t -> t.state() == TaskState.PENDING);
        assertThat(pending).hasSize(1);
        assertThat(pending.get(0).status().message()).isEqualTo("no suitable node (insufficient CPU on 3 nodes)");
        int planned = sim.plans.size();
        sim.reconcile();
        assertThat(sim.plans.get(planned).commands()).as("the same reason is not written again").isEmpty();

        sim.addNode("n4", 4 * Sim.CPU);
        sim.settle();
        assertThat(sim.running("s1")).hasSize(4).anyMatch(t -> t.nodeId().equals("n4"));
    }

    @Test
    void aRollingUpdateReplacesOneSlotAtATimeStoppingTheOldTaskFirst() {
        Sim sim = new Sim(3);
        sim.create("s1", spec("web", "img:1", "--replicas", "3"));
        sim.settle();
        sim.update("s1", ServiceUpdateOptions.builder().image("img:2").build());

        sim.reconcile();
        List<Task> stopping = sim.tasks("s1", t -> !t.isLive());
        assertThat(stopping).hasSize(1);
        assertThat(sim.tasks("s1", t -> t.spec().image().equals("img:2"))).as("stop first: nothing new yet").isEmpty();

        sim.agents();
        sim.reconcile();
        assertThat(sim.tasks("s1", t -> t.spec().image().equals("img:2"))).hasSize(1)
                .allMatch(t -> t.slot() == stopping.get(0).slot() && t.specVersion() == 2);
        assertThat(sim.tasks("s1", t -> !t.isLive())).as("the next slot waits for the new task to run").hasSize(1);

        sim.settle();
        assertThat(sim.running("s1")).hasSize(3).allMatch(t -> t.spec().image().equals("img:2"));
        assertThat(sim.tasks("s1", t -> true)).hasSize(6);
    }

    @Test
    void updateParallelismAndDelayShapeTheBatches() {
        Sim sim = new Sim(2);
        sim.create("s1", spec("web", "img:1", "--replicas", "4", "--update-parallelism", "2", "--update-delay", "10s"));
        sim.settle();
        sim.update("s1", ServiceUpdateOptions.builder().image("img:2").build());
        sim.reconcile();
        assertThat(sim.tasks("s1", t -> !t.isLive())).hasSize(2);
        sim.settle();
        assertThat(sim.running("s1").stream().filter(t -> t.spec().image().equals("img:2"))).hasSize(2);
        assertThat(sim.running("s1").stream().filter(t -> t.spec().image().equals("img:1"))).as("delay").hasSize(2);
        assertThat(sim.plans.get(sim.plans.size() - 1).wakeAt()).isEqualTo(sim.now + 10_000);

        sim.advance(10_000);
        sim.settle();
        assertThat(sim.running("s1")).hasSize(4).allMatch(t -> t.spec().image().equals("img:2"));
    }

    @Test
    void forceRedeploysEveryTaskAndReplicasAloneDoNot() {
        Sim sim = new Sim(2);
        sim.create("s1", spec("web", "img:1", "--replicas", "2"));
        sim.settle();
        List<String> before = sim.running("s1").stream().map(Task::id).toList();
        sim.scale("s1", 2);
        sim.settle();
        assertThat(sim.running("s1")).extracting(Task::id).containsExactlyInAnyOrderElementsOf(before);

        sim.update("s1", ServiceUpdateOptions.builder().force(true).build());
        sim.settle();
        assertThat(sim.running("s1")).hasSize(2).extracting(Task::id).doesNotContainAnyElementsOf(before);
    }

    @Test
    void aGlobalServiceRunsOnEveryEligibleNodeAndFollowsThem() {
        Sim sim = new Sim(2);
        sim.create("g1", spec("agent", "img:1", "--mode", "global"));
        sim.settle();
        assertThat(sim.running("g1")).extracting(Task::nodeId).containsExactlyInAnyOrder("n1", "n2");
        assertThat(sim.running("g1")).allMatch(t -> t.slot() == 0);

        sim.addNode("n3", Sim.CPU);
        sim.settle();
        assertThat(sim.running("g1")).extracting(Task::nodeId).containsExactlyInAnyOrder("n1", "n2", "n3");

        sim.availability("n2", Availability.DRAIN);
        sim.settle();
        assertThat(sim.running("g1")).extracting(Task::nodeId).containsExactlyInAnyOrder("n1", "n3");
        // the drained node keeps its stopped task as history (service ps shows it Shutdown, as Swarm does)
        assertThat(sim.tasks("g1", t -> t.nodeId().equals("n2"))).singleElement()
                .satisfies(t -> assertThat(t.desiredState()).isEqualTo(TaskState.SHUTDOWN));
        sim.availability("n2", Availability.ACTIVE);
        sim.settle();
        assertThat(sim.tasks("g1", t -> t.nodeId().equals("n2"))).hasSize(2)
                .allMatch(t -> t.slotKey().equals("node:n2"));
        sim.availability("n2", Availability.DRAIN);
        sim.settle();

        sim.update("g1", ServiceUpdateOptions.builder().image("img:2").build());
        sim.settle();
        assertThat(sim.running("g1")).hasSize(2).allMatch(t -> t.spec().image().equals("img:2"));
    }

    @Test
    void aNodeThatNoLongerSatisfiesTheConstraintsLosesItsTasks() {
        Sim sim = new Sim(2);
        sim.must(new Command.UpdateNodeSpec("n1", null, Map.of("zone", "eu"), List.of(), 1));
        sim.must(new Command.UpdateNodeSpec("n2", null, Map.of("zone", "eu"), List.of(), 1));
        sim.create("s1", spec("web", "img:1", "--replicas", "2", "--constraint", "node.labels.zone==eu"));
        sim.settle();
        sim.must(new Command.UpdateNodeSpec("n2", null, Map.of("zone", "us"), List.of(), 2));
        sim.settle();
        assertThat(sim.running("s1")).hasSize(2).allMatch(t -> t.nodeId().equals("n1"));
    }

    @Test
    void publishedPortsKeepOneTaskPerNodeAndTheRestWaits() {
        Sim sim = new Sim(2);
        sim.create("s1", spec("web", "img:1", "--replicas", "3", "--publish", "8080:80"));
        sim.settle();
        assertThat(sim.running("s1")).extracting(Task::nodeId).containsExactlyInAnyOrder("n1", "n2");
        assertThat(sim.tasks("s1", t -> t.state() == TaskState.PENDING)).singleElement()
                .satisfies(t -> assertThat(t.status().message()).contains("host port already in use on 2 nodes"));
    }

    @Test
    void removingAServiceTakesEverythingAndTheNextPassIsQuiet() {
        Sim sim = new Sim(2);
        sim.create("s1", spec("web", "img:1", "--replicas", "2"));
        sim.settle();
        sim.must(new Command.RemoveService("s1", sim.now));
        assertThat(sim.state.tasks()).isEmpty();
        assertThat(sim.reconcile().commands()).isEmpty();
    }
}
