package dev.flotilla.orchestrator.agent;

import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.api.TaskStatus;
import dev.flotilla.orchestrator.runtime.ContainerState;
import dev.flotilla.orchestrator.runtime.FakeContainerRuntime;
import dev.flotilla.orchestrator.runtime.RuntimeFailure;
import dev.flotilla.orchestrator.spec.ServiceDefinition;
import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.spec.ServiceSpecParser;
import dev.flotilla.orchestrator.tls.TestTls;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The node agent against an engine and managers in memory: what it starts, adopts, stops, removes and reports. */
class NodeAgentTest {
    private static final String NODE = "node-a";
    private final FakeContainerRuntime engine = new FakeContainerRuntime("img:1");
    private final FakeChannel managers = new FakeChannel(NODE);
    private final Service web = service();
    private NodeAgent agent;

    private static Service service() {
        ServiceDefinition def = ServiceSpecParser.parse(ServiceOptions.builder("web", "img:1").build());
        return new Service("svc-web", def, 1, 0, 0);
    }

    private Task task(String id, int slot) {
        return Task.create(id, web, slot, "", 1).assigned(NODE, "", 2);
    }

    private NodeAgent start(NodeAgent.Connector connector) {
        AgentSettings settings = new AgentSettings(NODE, "host-a", "127.0.0.1", TestTls.admin(), List::of, Map.of(), 4,
                Duration.ofSeconds(5));
        agent = new NodeAgent(settings, managers, connector, () -> { }).start();
        return agent;
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void launchesAnAssignedTaskAndReportsItsStatesForwardOnly() {
        start(() -> engine);
        Task t = task("t1", 1);
        managers.assign(1, t);
        await(() -> managers.states("t1").contains(TaskState.RUNNING), "t1 reported running");
        // the reporter sends the latest state of a task per batch: earlier ones may be folded into it, never reordered
        assertThat(managers.states("t1")).isSubsetOf(TaskState.PREPARING, TaskState.STARTING, TaskState.RUNNING)
                .isSortedAccordingTo(Enum::compareTo).doesNotHaveDuplicates().endsWith(TaskState.RUNNING);
        assertThat(engine.byTask().get("t1").state).isEqualTo(ContainerState.RUNNING);
    }

    @Test
    void adoptsTheContainerOfATaskAfterARestartInsteadOfStartingAnother() {
        FakeContainerRuntime.Container old = engine.existing(NODE, web.id(), "t1", ContainerState.RUNNING);
        start(() -> engine);
        // the cluster last heard STARTING: the node died before it could report RUNNING
        managers.assign(1, task("t1", 1).withStatus(TaskStatus.of(TaskState.STARTING, 3, "starting")));
        await(() -> managers.states("t1").contains(TaskState.RUNNING), "t1 reported running");
        assertThat(managers.last("t1").message()).isEqualTo("adopted");
        assertThat(engine.calls()).noneMatch(c -> c.startsWith("create") || c.startsWith("start"));
        assertThat(engine.byTask().get("t1").id).isEqualTo(old.id);
    }

    @Test
    void removesAtOnceTheContainerOfATaskANewerViewNoLongerLists() {
        engine.existing(NODE, web.id(), "gone", ContainerState.RUNNING);
        start(() -> engine);
        managers.assign(5, task("gone", 1).withStatus(TaskStatus.of(TaskState.RUNNING, 3, "started")));
        long rounds = awaitRounds(2);
        assertThat(engine.byTask()).containsKey("gone");
        long removedAt = System.nanoTime();
        managers.assign(6);
        await(() -> !engine.byTask().containsKey("gone"), "the removed task's container removed");
        assertThat(Duration.ofNanos(System.nanoTime() - removedAt)).isLessThan(Duration.ofMillis(NodeAgent.STALE_AFTER_MILLIS));
        assertThat(agent.rounds()).isGreaterThan(rounds);
    }

    @Test
    void keepsTheContainerOfATaskMissingFromAnOlderView() {
        engine.existing(NODE, web.id(), "t1", ContainerState.RUNNING);
        start(() -> engine);
        managers.assign(5, task("t1", 1).withStatus(TaskStatus.of(TaskState.RUNNING, 3, "started")));
        awaitRounds(2);
        managers.assign(4); // a lagging manager's view: older than the one that listed t1
        long seen = agent.rounds();
        // two rounds (the poke, then one 2 s tick) stay well inside the 5 s grace a view of unknown order gets
        await(() -> agent.rounds() >= seen + 2, "two more rounds");
        assertThat(engine.byTask()).containsKey("t1");
        assertThat(engine.calls()).noneMatch(c -> c.startsWith("remove") || c.startsWith("stop"));
    }

    @Test
    void reportsAContainerThatExitedWithItsCode() {
        start(() -> engine);
        managers.assign(1, task("t1", 1));
        await(() -> managers.states("t1").contains(TaskState.RUNNING), "t1 running");
        engine.exit(engine.byTask().get("t1").id, 3);
        await(() -> managers.states("t1").contains(TaskState.FAILED), "t1 failed");
        assertThat(managers.last("t1").error()).contains("non-zero exit (3)");
        assertThat(managers.last("t1").exitCode()).isEqualTo(3);
    }

    @Test
    void stopsATaskTheClusterNoLongerWantsAndReportsShutdown() {
        start(() -> engine);
        Task t = task("t1", 1);
        managers.assign(1, t);
        await(() -> managers.states("t1").contains(TaskState.RUNNING), "t1 running");
        managers.assign(2, t.withStatus(TaskStatus.of(TaskState.RUNNING, 5, "started")).withDesiredState(TaskState.SHUTDOWN, 6));
        await(() -> managers.states("t1").contains(TaskState.SHUTDOWN), "t1 shut down");
        assertThat(engine.byTask().get("t1").state.ended()).isTrue();
        assertThat(engine.calls()).anyMatch(c -> c.startsWith("stop"));
    }

    @Test
    void rejectsAssignedTasksWhileTheEngineDoesNotAnswer() {
        start(() -> {
            throw RuntimeFailure.failed("connection refused", true, null);
        });
        managers.assign(1, task("t1", 1));
        await(() -> managers.states("t1").contains(TaskState.REJECTED), "t1 rejected");
        assertThat(managers.last("t1").error()).contains("cannot reach its container engine: connection refused");
    }

    @Test
    void rejectsATaskWhoseImageIsNotOnTheNode() {
        FakeContainerRuntime bare = new FakeContainerRuntime();
        start(() -> bare);
        managers.assign(1, task("t1", 1));
        await(() -> managers.states("t1").contains(TaskState.REJECTED), "t1 rejected");
        assertThat(managers.last("t1").error()).contains("img:1").contains("host-a");
        assertThat(bare.byTask()).isEmpty();
    }

    private long awaitRounds(long n) {
        await(() -> agent.rounds() >= n, n + " convergence rounds");
        return agent.rounds();
    }

    private static void await(BooleanSupplier condition, String what) {
        long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }
}
