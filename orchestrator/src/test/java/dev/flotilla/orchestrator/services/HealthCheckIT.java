package dev.flotilla.orchestrator.services;

import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.testkit.Await;
import dev.flotilla.testkit.DockerEngine;
import com.github.dockerjava.api.model.Container;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health checks on a real daemon and real containers: a task is Starting until its check passes, an unhealthy task
 * is stopped, failed and replaced, and {@code --no-healthcheck} turns an image's HEALTHCHECK off.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HealthCheckIT {
    private static final Duration WAIT = Duration.ofSeconds(90);
    private ServiceCluster c;
    private String sickImage;

    @BeforeAll
    void start() throws IOException {
        DockerEngine.requireImage(DockerEngine.BUSYBOX_IMAGE);
        c = new ServiceCluster("health", "3s");
        sickImage = "flotilla-test/busybox-unhealthy:it-" + c.run;
        buildSickImage();
        c.init("hc-1", "2");
        Await.until("the node reports the test images", WAIT, () -> c.nodeViews().stream()
                .anyMatch(v -> v.node().description().images().containsAll(List.of(DockerEngine.BUSYBOX_IMAGE,
                        sickImage))));
    }

    /** An image whose own HEALTHCHECK always fails, built locally (no registry is reachable). */
    private void buildSickImage() throws IOException {
        Path dir = Files.createTempDirectory("unhealthy-image");
        Files.writeString(dir.resolve("Dockerfile"), "FROM " + DockerEngine.BUSYBOX_IMAGE
                + "\nHEALTHCHECK --interval=500ms --timeout=2s --retries=2 CMD echo image check failed; exit 1\n");
        c.docker.buildImageCmd(dir.toFile()).withTags(Set.of(sickImage)).withPull(false)
                .withLabels(java.util.Map.of(ServiceCluster.TEST_LABEL, "true", ServiceCluster.RUN_LABEL, c.run))
                .start().awaitImageId(60, TimeUnit.SECONDS);
    }

    @AfterAll
    void stop() {
        if (c != null) {
            try {
                c.close();
            } finally {
                removeImage();
            }
        }
    }

    private void removeImage() {
        try {
            new ProcessBuilder("/usr/bin/docker", "rmi", "-f", sickImage).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Task> tasks(String service) {
        return c.tasks(service).stream().map(v -> v.task()).toList();
    }

    /** Whether {@code service ps} shows a wanted task whose CURRENT STATE is {@code state} (after DESIRED STATE). */
    private boolean current(String service, String state) {
        return java.util.regex.Pattern.compile("Running\\s+" + state + " ").matcher(c.cli("service", "ps", service)
                .ok().out()).find();
    }

    private boolean containerRuns(String service) {
        List<Container> running = c.containers(service, false);
        return !running.isEmpty();
    }

    @Test
    void aTaskIsStartingUntilItsCheckPassesThenRunning() {
        c.cli("service", "create", "--detach", "--name", "slow", "--health-cmd", "test -f /tmp/ready",
                "--health-interval", "500ms", "--health-retries", "60", DockerEngine.BUSYBOX_IMAGE, "sh", "-c",
                "sleep 6; touch /tmp/ready; exec sleep 600").ok();
        Await.until("service ps shows the task Starting while its container already runs", WAIT,
                () -> current("slow", "Starting") && containerRuns("slow")
                        && tasks("slow").get(0).state() == TaskState.STARTING);
        assertThat(c.cli("service", "ls").ok().out()).as("not running yet").containsPattern("slow\\s+replicated\\s+0/1");
        Await.until("service ps shows the task Running", WAIT,
                () -> current("slow", "Running"));
        assertThat(tasks("slow")).as("the same task, never restarted").hasSize(1)
                .allMatch(t -> t.state() == TaskState.RUNNING);
        assertThat(c.cli("service", "ls").ok().out()).containsPattern("slow\\s+replicated\\s+1/1");
        String pretty = c.cli("service", "inspect", "--pretty", "slow").ok().out();
        assertThat(pretty).contains(" Healthcheck:", "Interval = 500ms", "Retries = 60", "Test = test -f /tmp/ready");
        c.cli("service", "rm", "slow").ok();
    }

    @Test
    void anUnhealthyTaskIsStoppedFailedAndReplaced() {
        c.cli("service", "create", "--detach", "--name", "sick", "--health-cmd", "echo not ready; exit 1",
                "--health-interval", "500ms", "--health-retries", "2", "--restart-delay", "1s",
                "--stop-grace-period", "2s", DockerEngine.BUSYBOX_IMAGE, "sleep", "600").ok();
        Await.until("a failed task and its replacement", WAIT, () -> {
            List<Task> all = tasks("sick");
            return all.stream().anyMatch(t -> t.state() == TaskState.FAILED) && all.size() >= 2;
        });
        Task failed = tasks("sick").stream().filter(t -> t.state() == TaskState.FAILED).findFirst().orElseThrow();
        assertThat(failed.status().error()).startsWith("task: non-zero exit (").contains("): unhealthy container")
                .contains("not ready");
        assertThat(tasks("sick")).as("never counted as running").noneMatch(t -> t.state() == TaskState.RUNNING);
        String ps = c.cli("service", "ps", "--no-trunc", "sick").ok().out();
        assertThat(ps).contains("Failed", "unhealthy container", " \\_ sick.1");
        Await.until("the failed task's container is stopped", WAIT, () -> c.containers("sick", true).stream()
                .filter(k -> k.getLabels().get("dev.flotilla.task").equals(failed.id()))
                .allMatch(k -> !"running".equals(k.getState())));
        c.cli("service", "rm", "sick").ok();
    }

    @Test
    void noHealthcheckTurnsTheImagesCheckOff() {
        c.cli("service", "create", "--detach", "--name", "quiet", "--no-healthcheck", sickImage, "sleep", "600").ok();
        c.cli("service", "create", "--detach", "--name", "imagecheck", "--restart-condition", "none", sickImage,
                "sleep", "600").ok();
        Await.until("quiet: running", WAIT, () -> tasks("quiet").stream().anyMatch(t -> t.state() == TaskState.RUNNING));
        Await.until("imagecheck: failed by the image's own check", WAIT,
                () -> tasks("imagecheck").stream().anyMatch(t -> t.state() == TaskState.FAILED));
        assertThat(tasks("imagecheck").get(0).status().error()).contains("unhealthy container", "image check failed");
        // the image's check would have failed by now (twice every 500 ms): the agent had every chance to act
        c.awaitProgress("hc-1", "hc-1", 3, 3);
        assertThat(tasks("quiet")).hasSize(1).allMatch(t -> t.state() == TaskState.RUNNING);
        Container quiet = c.containers("quiet", false).get(0);
        assertThat(c.docker.inspectContainerCmd(quiet.getId()).exec().getConfig().getHealthcheck().getTest())
                .containsExactly("NONE");
        assertThat(c.docker.inspectContainerCmd(quiet.getId()).exec().getState().getHealth()).isNull();
        c.cli("service", "rm", "quiet", "imagecheck").ok();
    }
}
