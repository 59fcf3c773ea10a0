package dev.flotilla.orchestrator.dispatcher;

import dev.flotilla.orchestrator.api.Availability;
import dev.flotilla.orchestrator.api.ClusterSettings;
import dev.flotilla.orchestrator.api.JoinTokenHashes;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeDescription;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.spec.ServiceSpecParser;
import dev.flotilla.orchestrator.state.ClusterLogic;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.state.Result;
import dev.flotilla.orchestrator.wire.AgentWire;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class AssignmentWatchTest {
    private static final Service WEB = new Service("s1", ServiceSpecParser.parse(ServiceOptions.builder("web", "img:1")
            .build()), 1, 1, 1);

    static ClusterState cluster() {
        NodeDescription d = new NodeDescription("dev01", "h:1", "h:2", "t", null, "linux", "amd64");
        Node n = new Node("n1", NodeRole.MANAGER, Availability.ACTIVE, NodeStatus.READY, "", Map.of(), d, 1, 1, 1);
        ClusterState s = ClusterLogic.apply(ClusterState.EMPTY, new Command.InitCluster("c", "fp", 1,
                ClusterSettings.defaults(), new JoinTokenHashes("w", "m"), n, List.of())).state();
        return ClusterLogic.apply(s, new Command.CreateService(WEB)).state();
    }

    static ClusterState apply(ClusterState s, Command... commands) {
        for (Command c : commands) {
            s = ClusterLogic.apply(s, c).state();
        }
        return s;
    }

    @Test
    void aNodeSeesItsTasksOnceAssignedAndTheDigestFollowsWhatItActsOn() {
        ClusterState s = apply(cluster(), new Command.PutTasks(List.of(Task.create("t1", WEB, 1, "", 1))));
        AgentWire.Assignments none = AssignmentWatch.of(s, "n1");
        assertThat(none.tasks()).as("a pending task is not the node's business yet").isEmpty();

        ClusterState assigned = apply(s, new Command.AssignTask("t1", "n1", "h", 2));
        AgentWire.Assignments one = AssignmentWatch.of(assigned, "n1");
        assertThat(one.tasks()).extracting(Task::id).containsExactly("t1");
        assertThat(one.digest()).isNotEqualTo(none.digest());
        assertThat(AssignmentWatch.of(assigned, "n2").tasks()).isEmpty();

        ClusterState running = apply(assigned, new Command.UpdateTaskStatus("t1", "n1",
                dev.flotilla.orchestrator.api.TaskStatus.of(TaskState.RUNNING, 3, "started")));
        assertThat(AssignmentWatch.of(running, "n1").digest()).as("the node's own report does not wake it")
                .isEqualTo(one.digest());
        ClusterState stopping = apply(running, new Command.SetTaskDesiredState("t1", TaskState.SHUTDOWN, 3));
        assertThat(AssignmentWatch.of(stopping, "n1").digest()).isNotEqualTo(one.digest());
    }

    @Test
    void aPollAnswersAtOnceWhenBehindAndWaitsForTheNextChangeOtherwise() throws Exception {
        ClusterState s = apply(cluster(), new Command.PutTasks(List.of(Task.create("t1", WEB, 1, "", 1))),
                new Command.AssignTask("t1", "n1", "h", 2));
        AssignmentWatch watch = new AssignmentWatch(s);
        String digest = AssignmentWatch.of(s, "n1").digest();
        assertThat(watch.await("n1", "none", 10_000).digest()).isEqualTo(digest);

        long t0 = System.nanoTime();
        assertThat(watch.await("n1", digest, 200).digest()).as("nothing new: same digest after the wait").isEqualTo(digest);
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(190);

        CompletableFuture<AgentWire.Assignments> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return watch.await("n1", digest, 10_000);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (watch.waiting() == 0 && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        assertThat(watch.waiting()).as("the poll is parked until the next change").isEqualTo(1);
        assertThat(waiting).isNotDone();
        assertThat(watch.await("n1", "none", 0).index()).as("the initial state's index is not known").isZero();
        watch.update(apply(s, new Command.SetTaskDesiredState("t1", TaskState.SHUTDOWN, 3)), 42);
        AgentWire.Assignments changed = waiting.get(5, TimeUnit.SECONDS);
        assertThat(changed.tasks().get(0).desiredState()).isEqualTo(TaskState.SHUTDOWN);
        assertThat(changed.index()).as("the view names the log index of its state").isEqualTo(42);
    }

    @Test
    void statusReportsBecomeOneBatchAndRefusalsAreNamed() {
        ClusterState s = apply(cluster(), new Command.PutTasks(List.of(Task.create("t1", WEB, 1, "", 1))),
                new Command.AssignTask("t1", "n1", "h", 2));
        List<Command> written = new ArrayList<>();
        ClusterState[] state = {s};
        StatusIntake intake = new StatusIntake(c -> {
            written.add(c);
            var o = ClusterLogic.apply(state[0], c);
            state[0] = o.state();
            return o.result();
        });
        AgentWire.StatusAck ack = intake.accept("n1", new AgentWire.StatusBatch(List.of(
                new AgentWire.TaskReport("t1", dev.flotilla.orchestrator.api.TaskStatus.of(TaskState.RUNNING, 5, "started")),
                new AgentWire.TaskReport("nope", dev.flotilla.orchestrator.api.TaskStatus.of(TaskState.RUNNING, 5, "")))));
        assertThat(written).singleElement().isInstanceOf(Command.Batch.class);
        assertThat(ack.applied()).isEqualTo(1);
        assertThat(ack.refused()).singleElement().asString().startsWith("nope: task nope not found");
        assertThat(state[0].tasks().get("t1").state()).isEqualTo(TaskState.RUNNING);
        Result batch = ClusterLogic.apply(s, written.get(0)).result();
        assertThat(batch.items()).extracting(Result::ok).containsExactly(true, false);
    }
}
