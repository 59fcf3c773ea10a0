package dev.flotilla.orchestrator.reconcile;

import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.api.TaskStatus;
import dev.flotilla.orchestrator.spec.ServiceUpdateOptions;
import org.junit.jupiter.api.Test;

import static dev.flotilla.orchestrator.reconcile.Sim.spec;
import static org.assertj.core.api.Assertions.assertThat;

/** Swarm's restart policy per service: condition, delay, max attempts and window. */
class RestartPolicyTest {
    /** Runs rounds of reconcile and agents, a minute apart, so that every restart delay passes. */
    private static void rounds(Sim sim, int n) {
        for (int i = 0; i < n; i++) {
            sim.advance(60_000);
            sim.reconcile();
            sim.agents();
        }
    }

    private static void exitAll(Sim sim, String service, int code) {
        for (Task t : sim.tasks(service, t -> t.isLive() && t.state() == TaskState.RUNNING)) {
            sim.report(t, new TaskStatus(code == 0 ? TaskState.COMPLETE : TaskState.FAILED, sim.now,
                    code == 0 ? "finished" : "failed", code == 0 ? "" : "task: non-zero exit (" + code + ")", code, ""));
        }
    }

    @Test
    void onFailureStopsAfterMaxAttemptsAndCountsThemOnTheTasks() {
        Sim sim = new Sim(1);
        sim.failingImages.add("broken:1");
        sim.create("s1", spec("bad", "broken:1", "--restart-condition", "on-failure", "--restart-max-attempts", "3",
                "--restart-delay", "1s"));
        rounds(sim, 12);
        assertThat(sim.tasks("s1", t -> t.state() == TaskState.FAILED)).as("the first task and its 3 restarts")
                .hasSize(4);
        assertThat(sim.tasks("s1", t -> true)).extracting(Task::restarts).containsExactlyInAnyOrder(0, 1, 2, 3);
        assertThat(sim.tasks("s1", Task::isLive)).as("given up: the slot stays empty").isEmpty();
    }

    @Test
    void anUpdateGivesAnExhaustedSlotItsAttemptsAgain() {
        Sim sim = new Sim(1);
        sim.failingImages.add("broken:1");
        sim.create("s1", spec("bad", "broken:1", "--restart-max-attempts", "1", "--restart-delay", "1s"));
        rounds(sim, 6);
        assertThat(sim.tasks("s1", Task::isLive)).isEmpty();
        sim.update("s1", ServiceUpdateOptions.builder().image("img:2").build());
        rounds(sim, 2);
        assertThat(sim.running("s1")).hasSize(1);
    }

    @Test
    void onFailureDoesNotRestartATaskThatCompletedButAnyDoes() {
        Sim sim = new Sim(1);
        sim.create("s1", spec("job", "img:1", "--restart-condition", "on-failure"));
        sim.create("s2", spec("loop", "img:1"));
        sim.settle();
        exitAll(sim, "s1", 0);
        exitAll(sim, "s2", 0);
        rounds(sim, 3);
        assertThat(sim.tasks("s1", Task::isLive)).as("on-failure: exit 0 is done").isEmpty();
        assertThat(sim.running("s2")).as("any: restarted").hasSize(1);
    }

    @Test
    void noneNeverRestarts() {
        Sim sim = new Sim(1);
        sim.create("s1", spec("once", "img:1", "--restart-condition", "none"));
        sim.settle();
        exitAll(sim, "s1", 3);
        rounds(sim, 3);
        assertThat(sim.tasks("s1", Task::isLive)).isEmpty();
        assertThat(sim.tasks("s1", t -> t.state() == TaskState.FAILED)).hasSize(1);
    }

    @Test
    void theDelayIsTheServicesAndTheWindowForgetsOldFailures() {
        Sim sim = new Sim(1);
        sim.failingImages.add("broken:1");
        sim.create("s1", spec("bad", "broken:1", "--restart-delay", "20s", "--restart-max-attempts", "2",
                "--restart-window", "90s"));
        sim.reconcile();
        sim.agents();
        Reconciler.Plan p = sim.reconcile();
        assertThat(p.wakeAt()).as("the service's delay").isEqualTo(sim.now + 20_000);
        rounds(sim, 10);
        assertThat(sim.tasks("s1", Task::isLive)).as("restarts keep going: failures a minute apart leave at most 2"
                + " in a 90 s window").hasSize(1);
    }

    @Test
    void badRestartFlagsAreRefusedWithWhatToWrite() {
        var e = org.assertj.core.api.Assertions.catchThrowable(() -> spec("x", "img:1", "--restart-condition",
                "sometimes", "--restart-max-attempts", "-1", "--restart-delay", "soon"));
        assertThat(e).hasMessageContaining("use none, on-failure or any").hasMessageContaining("--restart-max-attempts")
                .hasMessageContaining("--restart-delay");
    }
}
