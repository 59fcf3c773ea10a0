package dev.flotilla.orchestrator.state;

import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.api.TaskStatus;
import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.spec.ServiceDefinition;
import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.spec.ServiceSpecParser;
import dev.flotilla.orchestrator.spec.ServiceUpdateOptions;
import dev.flotilla.orchestrator.spec.ServiceUpdater;
import dev.flotilla.orchestrator.state.Result.Code;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.flotilla.orchestrator.state.Fixtures.applyAll;
import static dev.flotilla.orchestrator.state.Fixtures.initialized;
import static dev.flotilla.orchestrator.state.Fixtures.join;
import static org.assertj.core.api.Assertions.assertThat;

class ServiceRulesTest {
    private static final Service WEB = service("s1", "web", "--publish=8080:8080");

    static Service service(String id, String name, String... flags) {
        ServiceOptions.Builder b = ServiceOptions.builder(name, "img:1").replicas("2");
        for (String f : flags) {
            if (f.startsWith("--publish=")) {
                b.publish(f.substring("--publish=".length()));
            }
        }
        return new Service(id, ServiceSpecParser.parse(b.build()), 1, 1, 1);
    }

    static Task task(String id, Service svc, int slot, String node, TaskState state, long at) {
        return Task.create(id, svc, slot, node, at).withStatus(TaskStatus.of(state, at, ""));
    }

    @Test
    void taskStatesOnlyMoveForwardAndKeepTheirContainer() {
        Task t = task("t1", WEB, 1, "m1aaaa", TaskState.ASSIGNED, 1);
        ClusterState s = applyAll(initialized(), new Command.CreateService(WEB), new Command.PutTasks(List.of(t)),
                new Command.UpdateTaskStatus("t1", "m1aaaa", TaskStatus.of(TaskState.STARTING, 2, "").withContainerId("c1")),
                new Command.UpdateTaskStatus("t1", "m1aaaa", TaskStatus.of(TaskState.RUNNING, 3, "started")));
        assertThat(s.tasks().get("t1").status().state()).isEqualTo(TaskState.RUNNING);
        assertThat(s.tasks().get("t1").status().containerId()).as("a report without a container keeps the known one")
                .isEqualTo("c1");

        Outcome back = ClusterLogic.apply(s, new Command.UpdateTaskStatus("t1", "m1aaaa", TaskStatus.of(TaskState.STARTING, 4, "")));
        assertThat(back.result().ok()).isFalse();
        assertThat(back.result().message()).contains("only move forward");

        Outcome wrongNode = ClusterLogic.apply(s, new Command.UpdateTaskStatus("t1", "other", TaskStatus.of(TaskState.FAILED, 3, "")));
        assertThat(wrongNode.result().ok()).isFalse();
    }

    @Test
    void aRemovedNodesTasksEndAsOrphanedHistory() {
        Task running = task("t1", WEB, 1, "w1bbbb", TaskState.RUNNING, 1).withStatus(
                TaskStatus.of(TaskState.RUNNING, 1, "").withContainerId("c1"));
        Task done = task("t0", WEB, 1, "w1bbbb", TaskState.FAILED, 1);
        Task elsewhere = task("t2", WEB, 2, "m1aaaa", TaskState.RUNNING, 1);
        ClusterState s = applyAll(initialized(), join("w1bbbb", "dev02", dev.flotilla.orchestrator.api.NodeRole.WORKER),
                new Command.CreateService(WEB), new Command.PutTasks(List.of(running, done, elsewhere)),
                new Command.RemoveNode("w1bbbb", true, 7));
        Task t1 = s.tasks().get("t1");
        assertThat(t1.state()).isEqualTo(TaskState.ORPHANED);
        assertThat(t1.desiredState()).isEqualTo(TaskState.SHUTDOWN);
        assertThat(t1.status().message()).isEqualTo("node removed from the cluster");
        assertThat(t1.status().timestamp()).isEqualTo(7);
        assertThat(t1.status().containerId()).isEqualTo("c1");
        assertThat(s.tasks().get("t0").state()).as("an ended task keeps its end").isEqualTo(TaskState.FAILED);
        assertThat(s.tasks().get("t2").state()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void serviceNamesAreUniqueAndRemovalTakesItsTasks() {
        Task t = task("t1", WEB, 1, "", TaskState.NEW, 1);
        ClusterState s = applyAll(initialized(), new Command.CreateService(WEB), new Command.PutTasks(List.of(t)));
        Service dup = new Service("s2", WEB.spec(), 1, 2, 2);
        assertThat(ClusterLogic.apply(s, new Command.CreateService(dup)).result().message()).contains("already exists");

        ClusterState removed = applyAll(s, new Command.RemoveService("s1", 3));
        assertThat(removed.services()).isEmpty();
        assertThat(removed.tasks()).isEmpty();
    }

    @Test
    void aPublishedPortBelongsToOneService() {
        ClusterState s = applyAll(initialized(), new Command.CreateService(WEB));
        Outcome clash = ClusterLogic.apply(s, new Command.CreateService(service("s2", "api", "--publish=8080:80")));
        assertThat(clash.result().code()).isEqualTo(Code.CONFLICT);
        assertThat(clash.result().message()).contains("port 8080/tcp is already published by service web");

        Outcome udp = ClusterLogic.apply(s, new Command.CreateService(service("s2", "dns", "--publish=8080:53/udp")));
        assertThat(udp.result().ok()).as("another protocol is another port").isTrue();

        ClusterState two = applyAll(s, new Command.CreateService(service("s3", "api", "--publish=9090:80")));
        Service api = two.services().get("s3");
        ServiceDefinition moved = ServiceUpdater.apply(api.spec(),
                ServiceUpdateOptions.builder().publishRm("9090").publishAdd("8080:80").build());
        Outcome updateClash = ClusterLogic.apply(two, new Command.UpdateService(api.withSpec(moved, 5)));
        assertThat(updateClash.result().message()).contains("already published by service web");
    }

    @Test
    void updatesNeedTheNextVersionAndKeepNameAndMode() {
        ClusterState s = applyAll(initialized(), new Command.CreateService(WEB));
        Service stale = new Service("s1", WEB.spec(), 3, 1, 2);
        assertThat(ClusterLogic.apply(s, new Command.UpdateService(stale)).result().message()).contains("updated meanwhile");

        Service renamed = WEB.withSpec(service("x", "other").spec(), 2);
        assertThat(ClusterLogic.apply(s, new Command.UpdateService(renamed)).result().message())
                .contains("cannot change");
    }

    @Test
    void desiredStatesMoveForwardAndPlacementNeedsAWaitingTask() {
        ClusterState s = applyAll(initialized(), join("w1bbbb", "w1", NodeRole.WORKER), new Command.CreateService(WEB),
                new Command.PutTasks(List.of(task("t1", WEB, 1, "", TaskState.NEW, 1))),
                new Command.SetTaskPending("t1", "no suitable node (insufficient CPU on 2 nodes)", 2));
        assertThat(s.tasks().get("t1").state()).isEqualTo(TaskState.PENDING);
        assertThat(s.tasks().get("t1").status().message()).contains("insufficient CPU");
        Task waiting = applyAll(s, new Command.SetTaskPending("t1", "no suitable node (insufficient CPU on 3 nodes)", 9))
                .tasks().get("t1");
        assertThat(waiting.status().message()).contains("on 3 nodes");
        assertThat(waiting.status().timestamp()).as("pending since the first reason, as service ps shows it").isEqualTo(2);

        ClusterState placed = applyAll(s, new Command.AssignTask("t1", "w1bbbb", "a1b2c3d4e5f6", 3));
        Task t = placed.tasks().get("t1");
        assertThat(t.state()).isEqualTo(TaskState.ASSIGNED);
        assertThat(t.nodeId()).isEqualTo("w1bbbb");
        assertThat(t.hostname()).isEqualTo("a1b2c3d4e5f6");
        assertThat(ClusterLogic.apply(placed, new Command.AssignTask("t1", "m1aaaa", "x", 4)).result().code())
                .as("placed once").isEqualTo(Code.CONFLICT);
        assertThat(ClusterLogic.apply(placed, new Command.SetTaskPending("t1", "late", 4)).result().ok()).isFalse();

        ClusterState stopping = applyAll(placed, new Command.SetTaskDesiredState("t1", TaskState.SHUTDOWN, 5));
        assertThat(stopping.tasks().get("t1").desiredState()).isEqualTo(TaskState.SHUTDOWN);
        assertThat(ClusterLogic.apply(stopping, new Command.SetTaskDesiredState("t1", TaskState.RUNNING, 6)).result().ok())
                .isFalse();
        assertThat(ClusterLogic.apply(stopping, new Command.SetTaskDesiredState("t1", TaskState.FAILED, 6)).result().code())
                .isEqualTo(Code.INVALID);

        ClusterState gone = applyAll(stopping, new Command.RemoveTasks(List.of("t1", "unknown"), 7));
        assertThat(gone.tasks()).isEmpty();
    }

    @Test
    void eachSlotKeepsItsHistoryLimitDroppingTheOldestFinishedTasks() {
        ClusterState s = applyAll(initialized(), new Command.CreateService(WEB));
        int limit = s.settings().taskHistoryLimit();
        for (int i = 0; i < limit + 3; i++) {
            Task failed = task("f" + i, WEB, 1, "m1aaaa", TaskState.FAILED, 10 + i).withDesiredState(TaskState.SHUTDOWN, 10 + i);
            s = applyAll(s, new Command.PutTasks(List.of(failed)));
        }
        Task live = task("live", WEB, 1, "m1aaaa", TaskState.RUNNING, 100);
        Task otherSlot = task("other", WEB, 2, "m1aaaa", TaskState.FAILED, 1).withDesiredState(TaskState.SHUTDOWN, 1);
        s = applyAll(s, new Command.PutTasks(List.of(live, otherSlot)));

        List<String> slot1 = s.tasks().values().stream().filter(t -> t.slot() == 1).map(Task::id).sorted().toList();
        assertThat(slot1).hasSize(limit).contains("live").doesNotContain("f0", "f1", "f2", "f3");
        assertThat(s.tasks()).containsKey("other");
    }

    @Test
    void aTaskThatMayStillRunIsNeverDroppedFromHistory() {
        ClusterState s = applyAll(initialized(), new Command.CreateService(WEB));
        int limit = s.settings().taskHistoryLimit();
        for (int i = 0; i < limit + 2; i++) {
            Task stopping = task("r" + i, WEB, 1, "m1aaaa", TaskState.RUNNING, i).withDesiredState(TaskState.SHUTDOWN, i);
            s = applyAll(s, new Command.PutTasks(List.of(stopping)));
        }
        assertThat(s.tasks()).hasSize(limit + 2);
        s = applyAll(s, new Command.UpdateTaskStatus("r0", "m1aaaa", TaskStatus.of(TaskState.SHUTDOWN, 50, "")));
        assertThat(s.tasks()).hasSize(limit + 1).doesNotContainKey("r0");
    }

    @Test
    void servicesAndTasksSurviveTheJsonOfTheLogAndSnapshots() throws Exception {
        ClusterState s = applyAll(initialized(), new Command.CreateService(WEB),
                new Command.PutTasks(List.of(task("t1", WEB, 1, "m1aaaa", TaskState.RUNNING, 1))));
        ClusterState back = Json.read(Json.bytes(s), ClusterState.class);
        assertThat(back).isEqualTo(s);
        Command c = new Command.AssignTask("t1", "n", "h", 3);
        assertThat(Json.read(Json.bytes(c), Command.class)).isEqualTo(c);
    }

    @Test
    void terminalStatesAreTerminal() {
        assertThat(TaskState.COMPLETE.isTerminal()).isTrue();
        assertThat(TaskState.RUNNING.isTerminal()).isFalse();
        assertThat(TaskState.FAILED.canMoveTo(TaskState.RUNNING)).isFalse();
        assertThat(TaskState.NEW.canMoveTo(TaskState.PENDING)).isTrue();
        assertThat(TaskState.RUNNING.display()).isEqualTo("Running");
    }
}
