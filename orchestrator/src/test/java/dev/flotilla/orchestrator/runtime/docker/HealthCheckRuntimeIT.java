package dev.flotilla.orchestrator.runtime.docker;

import dev.flotilla.orchestrator.runtime.ContainerExit;
import dev.flotilla.orchestrator.runtime.ContainerHealth;
import dev.flotilla.orchestrator.runtime.ContainerStatus;
import dev.flotilla.orchestrator.runtime.ExitListener;
import dev.flotilla.orchestrator.runtime.OwnedContainer;
import dev.flotilla.orchestrator.runtime.PreparedContainer;
import dev.flotilla.orchestrator.runtime.RuntimeFailure;
import dev.flotilla.orchestrator.runtime.TaskLaunch;
import dev.flotilla.orchestrator.spec.HealthSpec;
import dev.flotilla.testkit.Await;
import dev.flotilla.testkit.DockerEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static dev.flotilla.testkit.DockerEngine.BUSYBOX_IMAGE;
import static org.assertj.core.api.Assertions.assertThat;

/** Health checks on the real engine: what the runtime sends, and the health it reads back (inspect, list, events). */
class HealthCheckRuntimeIT {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static TestEngine engine;
    private static DockerContainerRuntime runtime;
    private static String checkedImage;

    @BeforeAll
    static void connect() throws Exception {
        DockerEngine.requireImage(BUSYBOX_IMAGE);
        engine = new TestEngine();
        runtime = DockerContainerRuntime.connect(DockerEngineConfig.defaults());
        checkedImage = "flotilla-test/busybox-healthcheck:it-" + engine.run;
        Path dir = Files.createTempDirectory("healthcheck-image");
        Files.writeString(dir.resolve("Dockerfile"), "FROM " + BUSYBOX_IMAGE
                + "\nHEALTHCHECK --interval=1s --timeout=2s --retries=2 CMD test -f /tmp/ready\n");
        engine.docker.buildImageCmd(dir.toFile()).withTags(Set.of(checkedImage)).withPull(false)
                .withLabels(engine.labels()).start().awaitImageId(60, TimeUnit.SECONDS);
    }

    @AfterEach
    void removeContainers() {
        engine.cleanUp();
    }

    @AfterAll
    static void close() throws IOException {
        if (runtime != null) {
            runtime.close();
        }
        if (engine != null) {
            engine.cleanUp();
            if (checkedImage != null) {
                engine.docker.removeImageCmd(checkedImage).withForce(true).exec();
            }
            engine.close();
        }
    }

    private String run(TaskLaunch launch) throws RuntimeFailure {
        PreparedContainer c = runtime.create(launch);
        runtime.start(c.containerId());
        return c.containerId();
    }

    private static HealthSpec check(String command, int retries) {
        return new HealthSpec(HealthSpec.shell(command), Duration.ofMillis(300), Duration.ofSeconds(2), retries, null);
    }

    private record Change(String containerId, String taskId, ContainerHealth health) {
    }

    private static AutoCloseable watch(String node, LinkedBlockingQueue<Change> changes) throws RuntimeFailure {
        return runtime.watchExits(node, new ExitListener() {
            @Override
            public void onExit(ContainerExit exit) {
            }

            @Override
            public void onHealth(String containerId, String taskId, ContainerHealth health) {
                changes.add(new Change(containerId, taskId, health));
            }
        });
    }

    private static ContainerHealth health(String id) {
        try {
            return runtime.inspect(id).orElseThrow().health();
        } catch (RuntimeFailure f) {
            throw new AssertionError(f);
        }
    }

    private ContainerHealth listed(String node, String id) throws RuntimeFailure {
        return runtime.listOwned(node).stream().filter(c -> c.containerId().equals(id)).findFirst()
                .map(OwnedContainer::health).orElseThrow();
    }

    @Test
    void aCheckThatPassesLaterIsStartingThenHealthyWithAnEvent() throws Exception {
        String node = engine.nodeId("node-a");
        LinkedBlockingQueue<Change> changes = new LinkedBlockingQueue<>();
        try (AutoCloseable watching = watch(node, changes)) {
            TaskLaunch launch = engine.checked(node, "ready", BUSYBOX_IMAGE, "sleep 2; touch /tmp/ready; sleep 600",
                    check("test -f /tmp/ready", 100));
            String id = run(launch);
            assertThat(runtime.inspect(id).orElseThrow().health()).isEqualTo(ContainerHealth.STARTING);
            assertThat(listed(node, id)).isEqualTo(ContainerHealth.STARTING);
            Change c = changes.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(c).isEqualTo(new Change(id, launch.taskId(), ContainerHealth.HEALTHY));
            assertThat(runtime.inspect(id).orElseThrow().health()).isEqualTo(ContainerHealth.HEALTHY);
            assertThat(listed(node, id)).isEqualTo(ContainerHealth.HEALTHY);
        }
    }

    @Test
    void aFailingCheckTurnsUnhealthyWithWhatItPrinted() throws Exception {
        String node = engine.nodeId("node-a");
        LinkedBlockingQueue<Change> changes = new LinkedBlockingQueue<>();
        try (AutoCloseable watching = watch(node, changes)) {
            String id = run(engine.checked(node, "sick", BUSYBOX_IMAGE, "sleep 600", check("echo not ready; exit 1", 2)));
            Change c = changes.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(c).isNotNull();
            assertThat(c.health()).isEqualTo(ContainerHealth.UNHEALTHY);
            ContainerStatus s = runtime.inspect(id).orElseThrow();
            assertThat(s.health()).isEqualTo(ContainerHealth.UNHEALTHY);
            assertThat(s.healthLog()).isEqualTo("exit 1: not ready");
            assertThat(listed(node, id)).isEqualTo(ContainerHealth.UNHEALTHY);
        }
    }

    @Test
    void theImagesCheckRunsUnlessDisabledAndAnOverrideKeepsItsCommand() throws Exception {
        String node = engine.nodeId("node-a");
        String image = run(engine.checked(node, "image", checkedImage, "sleep 600", null));
        assertThat(health(image)).as("no check has run yet").isEqualTo(ContainerHealth.STARTING);
        String none = run(engine.checked(node, "none", checkedImage, "sleep 600", HealthSpec.DISABLED));
        String slower = run(engine.checked(node, "slower", checkedImage, "sleep 600",
                new HealthSpec(List.of(), Duration.ofSeconds(7), null, 0, null)));
        String plain = run(engine.checked(node, "plain", BUSYBOX_IMAGE, "sleep 600", null));
        assertThat(runtime.inspect(none).orElseThrow().health()).isEqualTo(ContainerHealth.NONE);
        assertThat(runtime.inspect(plain).orElseThrow().health()).isEqualTo(ContainerHealth.NONE);
        var merged = engine.docker.inspectContainerCmd(slower).exec().getConfig().getHealthcheck();
        assertThat(merged.getTest()).as("the image's command").containsExactly("CMD-SHELL", "test -f /tmp/ready");
        assertThat(merged.getInterval()).as("the service's interval").isEqualTo(7_000_000_000L);
        assertThat(merged.getRetries()).as("the image's retries").isEqualTo(2);
        Await.until("the image's check fails twice", WAIT, () -> health(image) == ContainerHealth.UNHEALTHY);
        assertThat(runtime.inspect(none).orElseThrow().health()).isEqualTo(ContainerHealth.NONE);
    }
}
