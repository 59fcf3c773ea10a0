package dev.flotilla.orchestrator.reconcile;

import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.api.TaskStatus;
import dev.flotilla.orchestrator.spec.HealthSettings;
import dev.flotilla.orchestrator.spec.ServiceUpdateOptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.flotilla.orchestrator.reconcile.Sim.spec;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health checks and the orchestrator: a changed check replaces the tasks, and a rolling update moves on only once
 * the new task counts as running, which the agent reports only when its container is healthy.
 */
class HealthRollingUpdateTest {
    @Test
    void aRollingUpdateWaitsWhileTheNewTaskIsStartingOnItsHealthCheck() {
        Sim sim = new Sim(2);
        sim.create("s1", spec("web", "img:1", "--replicas", "2"));
        sim.settle();
        sim.update("s1", ServiceUpdateOptions.builder()
                .health(new HealthSettings("curl -f localhost", null, null, null, null, null)).build());
        sim.reconcile();
        assertThat(sim.tasks("s1", t -> !t.isLive())).as("a new check is a new container: one slot at a time")
                .hasSize(1);
        sim.agents();
        sim.reconcile();
        List<Task> fresh = sim.tasks("s1", t -> t.isLive() && t.spec().health() != null);
        assertThat(fresh).hasSize(1);
        // the agent started the container; its check has not passed yet
        sim.report(fresh.get(0), new TaskStatus(TaskState.STARTING, sim.now, "starting", "", null, "c1"));
        for (int i = 0; i < 3; i++) {
            sim.reconcile();
        }
        assertThat(sim.tasks("s1", t -> !t.isLive())).as("the next slot waits while the new task is Starting")
                .hasSize(1);
        sim.settle();
        assertThat(sim.running("s1")).hasSize(2).allMatch(t -> t.spec().health() != null);
    }

    @Test
    void aServiceWithACheckThatNeverPassesIsNotCountedAsRunning() {
        Sim sim = new Sim(1);
        sim.create("s1", spec("web", "img:1", "--replicas", "1", "--health-cmd", "false"));
        sim.reconcile();
        Task t = sim.tasks("s1", Task::isLive).get(0);
        sim.report(t, new TaskStatus(TaskState.STARTING, sim.now, "starting", "", null, "c1"));
        sim.reconcile();
        assertThat(sim.running("s1")).isEmpty();
        assertThat(sim.tasks("s1", x -> true)).as("starting is not a reason to start another").hasSize(1);
    }
}
