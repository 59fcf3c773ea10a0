package dev.flotilla.orchestrator.agent;

import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.api.TaskStatus;
import dev.flotilla.orchestrator.runtime.ContainerHealth;
import dev.flotilla.orchestrator.runtime.ContainerState;
import dev.flotilla.orchestrator.runtime.FakeContainerRuntime;
import dev.flotilla.orchestrator.spec.HealthSettings;
import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.spec.ServiceSpecParser;
import dev.flotilla.orchestrator.tls.TestTls;
import dev.flotilla.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node agent and health checks, against an engine in memory: a task counts as running only once its container
 * is healthy, and an unhealthy container is stopped and its task failed.
 */
class NodeAgentHealthTest {
    private static final String NODE = "node-a";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private final FakeContainerRuntime engine = new FakeContainerRuntime("img:1", "checked:1");
    private final FakeChannel managers = new FakeChannel(NODE);
    private NodeAgent agent;

    private static Task task(String id, String image, HealthSettings health) {
        Service s = new Service("svc-" + id, ServiceSpecParser.parse(ServiceOptions.builder("web", image)
                .health(health).build()), 1, 0, 0);
        return Task.create(id, s, 1, "", 1).assigned(NODE, "", 2);
    }

    private void start() {
        AgentSettings settings = new AgentSettings(NODE, "host-a", "127.0.0.1", TestTls.admin(), List::of, Map.of(), 4,
                Duration.ofSeconds(2));
        agent = new NodeAgent(settings, managers, () -> engine, () -> { }).start();
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
    }

    private String containerOf(String taskId) {
        return Await.value(taskId + "'s container", WAIT, () -> {
            FakeContainerRuntime.Container c = engine.byTask().get(taskId);
            return c != null && c.state == ContainerState.RUNNING ? c.id : null;
        });
    }

    /** Lets the agent run two more rounds (a poke and a tick), so "nothing happened" means something. */
    private void twoMoreRounds() {
        long r = agent.rounds();
        Await.until("two more rounds", WAIT, () -> agent.rounds() >= r + 2);
    }

    @Test
    void aCheckedTaskStaysStartingUntilHealthyThenRuns() {
        start();
        managers.assign(1, task("t1", "img:1", new HealthSettings("test -f /ready", null, null, null, null, null)));
        String id = containerOf("t1");
        Await.until("t1 starting", WAIT, () -> managers.states("t1").contains(TaskState.STARTING));
        twoMoreRounds();
        assertThat(managers.states("t1")).as("not running before its check passed").doesNotContain(TaskState.RUNNING);
        engine.health(id, ContainerHealth.HEALTHY);
        Await.until("t1 running", WAIT, () -> managers.states("t1").contains(TaskState.RUNNING));
        assertThat(managers.last("t1").message()).isEqualTo("healthy");
        assertThat(engine.calls()).as("one container, started once").filteredOn(c -> c.startsWith("start ")).hasSize(1);
    }

    @Test
    void theImagesCheckCountsAndNoHealthcheckTurnsItOff() {
        engine.healthCheckIn("checked:1");
        start();
        managers.assign(1, task("t1", "checked:1", HealthSettings.NONE),
                task("t2", "checked:1", new HealthSettings(null, null, null, null, null, true)),
                task("t3", "img:1", HealthSettings.NONE));
        Await.until("t2 and t3 running", WAIT, () -> managers.states("t2").contains(TaskState.RUNNING)
                && managers.states("t3").contains(TaskState.RUNNING));
        assertThat(managers.last("t2").message()).isEqualTo("started");
        containerOf("t1");
        twoMoreRounds();
        assertThat(managers.states("t1")).as("the image's check has not passed").doesNotContain(TaskState.RUNNING);
    }

    @Test
    void anUnhealthyContainerIsStoppedAndItsTaskFailsWithTheReason() {
        start();
        managers.assign(1, task("t1", "img:1", new HealthSettings("exit 1", null, null, null, null, null)));
        String id = containerOf("t1");
        engine.health(id, ContainerHealth.UNHEALTHY);
        Await.until("t1 failed", WAIT, () -> managers.states("t1").contains(TaskState.FAILED));
        TaskStatus failed = managers.last("t1");
        assertThat(failed.error()).isEqualTo("task: non-zero exit (143): unhealthy container (last health check:"
                + " exit 1: not ready)");
        assertThat(failed.exitCode()).isEqualTo(143);
        assertThat(managers.states("t1")).doesNotContain(TaskState.RUNNING);
        assertThat(engine.byTask().get("t1").state.ended()).isTrue();
        assertThat(engine.calls()).contains("stop " + id);
    }

    @Test
    void aRunningTaskThatTurnsUnhealthyFails() {
        start();
        managers.assign(1, task("t1", "img:1", new HealthSettings("check", null, null, null, null, null)));
        String id = containerOf("t1");
        engine.health(id, ContainerHealth.HEALTHY);
        Await.until("t1 running", WAIT, () -> managers.states("t1").contains(TaskState.RUNNING));
        engine.health(id, ContainerHealth.UNHEALTHY);
        Await.until("t1 failed", WAIT, () -> managers.states("t1").contains(TaskState.FAILED));
        assertThat(managers.last("t1").error()).contains("unhealthy container");
    }

    @Test
    void aLostHealthEventIsCaughtByTheNextListing() {
        start();
        managers.assign(1, task("t1", "img:1", new HealthSettings("check", null, null, null, null, null)));
        String id = containerOf("t1");
        Await.until("t1 starting", WAIT, () -> managers.states("t1").contains(TaskState.STARTING));
        engine.healthWithoutEvent(id, ContainerHealth.HEALTHY);
        Await.until("t1 running after a resync (every 2 s here)", WAIT,
                () -> managers.states("t1").contains(TaskState.RUNNING));
    }

    @Test
    void aContainerFoundStartingAfterARestartWaitsForItsCheck() {
        FakeContainerRuntime.Container old = engine.existing(NODE, "svc-t1", "t1", ContainerState.RUNNING);
        old.health = ContainerHealth.STARTING;
        start();
        managers.assign(1, task("t1", "img:1", new HealthSettings("check", null, null, null, null, null))
                .withStatus(TaskStatus.of(TaskState.STARTING, 3, "starting")));
        twoMoreRounds();
        assertThat(managers.states("t1")).doesNotContain(TaskState.RUNNING);
        engine.health(old.id, ContainerHealth.HEALTHY);
        Await.until("t1 running", WAIT, () -> managers.states("t1").contains(TaskState.RUNNING));
        assertThat(engine.calls()).noneMatch(c -> c.startsWith("create") || c.startsWith("start"));
    }
}
