package dev.flotilla.orchestrator.services;

import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.testkit.Await;
import dev.flotilla.testkit.DockerEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Swarm's restart policy on a real daemon and real containers. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestartPolicyIT {
    private ServiceCluster c;

    @BeforeAll
    void start() {
        DockerEngine.requireImage(DockerEngine.BUSYBOX_IMAGE);
        c = new ServiceCluster("restart", "3s");
        c.init("rp-1", "2");
        Await.until("the node reports the test image", Duration.ofSeconds(60), () -> c.nodeViews().stream()
                .anyMatch(v -> v.node().description().images().contains(DockerEngine.BUSYBOX_IMAGE)));
    }

    @AfterAll
    void stop() {
        if (c != null) {
            c.close();
        }
    }

    @Test
    void onFailureWithMaxAttemptsStopsAfterThemAndExitZeroIsNotRestarted() {
        c.cli("service", "create", "--detach", "--name", "crash", "--restart-condition", "on-failure",
                "--restart-max-attempts", "2", "--restart-delay", "1s", DockerEngine.BUSYBOX_IMAGE,
                "sh", "-c", "exit 3").ok();
        c.cli("service", "create", "--detach", "--name", "done", "--restart-condition", "on-failure",
                DockerEngine.BUSYBOX_IMAGE, "true").ok();
        Await.until("crash: the first task and 2 restarts failed", Duration.ofSeconds(90),
                () -> failed("crash").size() == 3);
        Await.until("done: completed", Duration.ofSeconds(60), () -> c.tasks("done").stream()
                .anyMatch(v -> v.task().state() == TaskState.COMPLETE));
        // the orchestrator had every chance to restart again (restart delay 1 s, doubled: 4 s at most)
        c.awaitProgress("rp-1", "rp-1", 3, 20);
        assertThat(failed("crash")).hasSize(3).extracting(Task::restarts).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(failed("crash")).allMatch(t -> t.status().error().contains("non-zero exit (3)"));
        assertThat(c.liveTasks("crash")).as("given up: no task wanted").isEmpty();
        assertThat(c.tasks("done")).as("exit 0 with on-failure: not restarted").hasSize(1);
        assertThat(c.cli("service", "ls").ok().out()).containsPattern("crash\\s+replicated\\s+0/1");
    }

    private List<Task> failed(String service) {
        return c.tasks(service).stream().map(v -> v.task()).filter(t -> t.state() == TaskState.FAILED).toList();
    }
}
