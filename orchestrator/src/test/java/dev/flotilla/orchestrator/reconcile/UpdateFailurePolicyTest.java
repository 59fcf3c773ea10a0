package dev.flotilla.orchestrator.reconcile;

import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.api.TaskStatus;
import dev.flotilla.orchestrator.api.UpdateStatus;
import dev.flotilla.orchestrator.spec.ServiceUpdateOptions;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.flotilla.orchestrator.reconcile.Sim.spec;
import static org.assertj.core.api.Assertions.assertThat;

/** Update order, failure action, monitor period and max failure ratio, for updates and rollbacks, as in Swarm. */
class UpdateFailurePolicyTest {
    private static ServiceUpdateOptions image(String image) {
        return ServiceUpdateOptions.builder().image(image).build();
    }

    private static UpdateStatus status(Sim sim, String serviceId) {
        return sim.state.services().get(serviceId).updateStatus();
    }

    private static void rounds(Sim sim, int n, long stepMillis) {
        for (int i = 0; i < n; i++) {
            sim.advance(stepMillis);
            sim.reconcile();
            sim.agents();
        }
    }

    @Test
    void startFirstKeepsTheOldTaskRunningUntilItsReplacementRuns() {
        Sim sim = new Sim(2);
        sim.create("s1", spec("web", "img:1", "--replicas", "2", "--update-order", "start-first"));
        sim.settle();
        sim.update("s1", image("img:2"));
        sim.reconcile();
        List<Task> live = sim.tasks("s1", Task::isLive);
        assertThat(live).as("slot 1 has its new task beside the old, which still runs").hasSize(3);
        assertThat(sim.running("s1")).as("nothing stopped before a new task runs").hasSize(2);
        sim.agents();
        sim.reconcile();
        assertThat(sim.tasks("s1", t -> t.isLive() && t.spec().image().equals("img:1"))).as("slot 1's old task"
                + " is told to stop once its new one runs").hasSize(1);
        sim.settle();
        assertThat(sim.running("s1")).extracting(t -> t.spec().image()).containsExactly("img:2", "img:2");
        assertThat(sim.tasks("s1", Task::isLive)).hasSize(2);
    }

    @Test
    void startFirstNeverLeavesASlotWithoutARunningTask() {
        Sim sim = new Sim(3);
        sim.create("s1", spec("web", "img:1", "--replicas", "3", "--update-order", "start-first",
                "--update-parallelism", "2"));
        sim.settle();
        sim.update("s1", image("img:2"));
        for (int i = 0; i < 10; i++) {
            sim.reconcile();
            for (int slot = 1; slot <= 3; slot++) {
                int n = slot;
                assertThat(sim.tasks("s1", t -> t.slot() == n && t.state() == TaskState.RUNNING
                        && t.desiredState() == TaskState.RUNNING)).as("slot %d serves at every step", n).isNotEmpty();
            }
            sim.agents();
        }
        assertThat(sim.running("s1")).extracting(t -> t.spec().image()).containsOnly("img:2").hasSize(3);
    }

    @Test
    void stopFirstStopsBeforeItStarts() {
        Sim sim = new Sim(2);
        sim.create("s1", spec("web", "img:1", "--replicas", "2"));
        sim.settle();
        sim.update("s1", image("img:2"));
        sim.reconcile();
        assertThat(sim.tasks("s1", Task::isLive)).as("slot 1's old task stopped, its new one waits").hasSize(1);
    }

    @Test
    void aFailingUpdateRollsBackByItselfWhenAskedTo() {
        Sim sim = new Sim(2);
        sim.failingImages.add("broken:2");
        sim.create("s1", spec("web", "img:1", "--replicas", "2", "--update-failure-action", "rollback"));
        sim.settle();
        sim.update("s1", image("broken:2"));
        rounds(sim, 4, 1_000);
        Service s = sim.state.services().get("s1");
        assertThat(s.spec().image()).as("back on the previous definition").isEqualTo("img:1");
        assertThat(s.previousSpec().image()).isEqualTo("broken:2");
        assertThat(s.updateStatus().state()).isEqualTo(UpdateStatus.State.ROLLBACK_STARTED);
        assertThat(s.updateStatus().message()).startsWith("update rolled back due to failure or early termination of"
                + " task t");
        rounds(sim, 8, 2_000);
        assertThat(sim.running("s1")).as(sim.dump()).extracting(t -> t.spec().image())
                .containsExactly("img:1", "img:1");
        assertThat(status(sim, "s1").state()).as("after the rollback's monitor period")
                .isEqualTo(UpdateStatus.State.ROLLBACK_COMPLETED);
        assertThat(status(sim, "s1").message()).isEqualTo("rollback completed");
        assertThat(sim.tasks("s1", t -> t.spec().image().equals("broken:2") && t.state() == TaskState.FAILED))
                .as("one failure was enough (ratio 0): slot 2 was never touched").hasSize(1);
    }

    @Test
    void pauseStopsReplacingTasksAndSaysWhichTaskFailed() {
        Sim sim = new Sim(3);
        sim.failingImages.add("broken:2");
        sim.create("s1", spec("web", "img:1", "--replicas", "3", "--restart-condition", "none"));
        sim.settle();
        sim.update("s1", image("broken:2"));
        rounds(sim, 5, 1_000);
        UpdateStatus st = status(sim, "s1");
        assertThat(st.state()).isEqualTo(UpdateStatus.State.PAUSED);
        Task failed = sim.tasks("s1", t -> t.state() == TaskState.FAILED).get(0);
        assertThat(st.message()).isEqualTo("update paused due to failure or early termination of task " + failed.id());
        assertThat(sim.running("s1")).as("slots 2 and 3 keep their old tasks").hasSize(2)
                .extracting(t -> t.spec().image()).containsOnly("img:1");
        assertThat(sim.state.services().get("s1").spec().image()).as("pause keeps the new definition")
                .isEqualTo("broken:2");
    }

    @Test
    void continueGoesOnThroughFailures() {
        Sim sim = new Sim(3);
        sim.failingImages.add("broken:2");
        sim.create("s1", spec("web", "img:1", "--replicas", "3", "--update-failure-action", "continue",
                "--restart-condition", "none"));
        sim.settle();
        sim.update("s1", image("broken:2"));
        rounds(sim, 8, 1_000);
        assertThat(status(sim, "s1").state()).as("continue: the update goes to its end")
                .isEqualTo(UpdateStatus.State.COMPLETED);
        assertThat(sim.tasks("s1", t -> t.spec().image().equals("broken:2") && t.state() == TaskState.FAILED))
                .as("every slot was updated").hasSize(3);
    }

    @Test
    void theMaxFailureRatioToleratesThatShareOfTheSlots() {
        Sim sim = new Sim(4);
        sim.create("s1", spec("web", "img:1", "--replicas", "4", "--update-max-failure-ratio", "0.25",
                "--update-parallelism", "0", "--restart-condition", "none"));
        sim.settle();
        sim.update("s1", image("img:2"));
        sim.reconcile();
        sim.agents();
        sim.reconcile();
        sim.agents();
        List<Task> fresh = sim.tasks("s1", t -> t.isLive() && t.spec().image().equals("img:2"));
        assertThat(fresh).hasSize(4);
        fail(sim, fresh.get(0));
        sim.reconcile();
        assertThat(status(sim, "s1").state()).as("1 of 4 is within 0.25").isEqualTo(UpdateStatus.State.UPDATING);
        fail(sim, fresh.get(1));
        sim.reconcile();
        assertThat(status(sim, "s1").state()).as("2 of 4 is not").isEqualTo(UpdateStatus.State.PAUSED);
    }

    @Test
    void aTaskThatFailsAfterTheMonitorPeriodDoesNotCount() {
        Sim sim = new Sim(1);
        sim.create("s1", spec("web", "img:1", "--update-monitor", "10s", "--restart-condition", "none"));
        sim.settle();
        sim.update("s1", image("img:2"));
        sim.settle();
        Task fresh = sim.running("s1").get(0);
        Reconciler.Plan p = sim.reconcile();
        assertThat(p.wakeAt()).as("the update completes when the monitor period ends").isEqualTo(fresh.runningAt()
                + 10_000);
        assertThat(status(sim, "s1").state()).isEqualTo(UpdateStatus.State.UPDATING);
        sim.advance(11_000);
        fail(sim, fresh);
        sim.reconcile();
        assertThat(status(sim, "s1").state()).as("failed 11 s after it ran: past the 10 s monitor period")
                .isEqualTo(UpdateStatus.State.COMPLETED);
        assertThat(status(sim, "s1").message()).isEqualTo("update completed");
    }

    @Test
    void aRollbackFollowsTheRollbackPolicy() {
        Sim sim = new Sim(3);
        sim.create("s1", spec("web", "img:1", "--replicas", "3", "--rollback-parallelism", "0",
                "--rollback-order", "start-first"));
        sim.settle();
        sim.update("s1", image("img:2"));
        sim.settle();
        Service s = sim.state.services().get("s1");
        sim.must(new dev.flotilla.orchestrator.state.Command.UpdateService(s.withSpec(s.previousSpec(), sim.now)
                .withUpdateStatus(UpdateStatus.rollingBack(sim.now, "manually requested rollback"))));
        sim.reconcile();
        assertThat(sim.tasks("s1", t -> t.isLive() && t.spec().image().equals("img:1")))
                .as("parallelism 0, start-first: every slot gets its task at once").hasSize(3);
        assertThat(sim.running("s1")).as("and the old ones still run").hasSize(3);
    }

    @Test
    void anUpdateThatReplacesNothingStartsNoUpdateStatus() {
        Sim sim = new Sim(1);
        sim.create("s1", spec("web", "img:1"));
        sim.settle();
        sim.scale("s1", 2);
        sim.settle();
        assertThat(status(sim, "s1")).isNull();
    }

    private static void fail(Sim sim, Task t) {
        sim.report(sim.state.tasks().get(t.id()), new TaskStatus(TaskState.FAILED, sim.now, "", "task: non-zero exit"
                + " (1)", 1, "c-" + t.id()));
    }
}
