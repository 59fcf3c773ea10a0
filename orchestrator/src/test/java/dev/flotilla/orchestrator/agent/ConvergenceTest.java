package dev.flotilla.orchestrator.agent;

import dev.flotilla.orchestrator.agent.Convergence.Local;
import dev.flotilla.orchestrator.agent.Convergence.Step;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.runtime.ContainerHealth;
import dev.flotilla.orchestrator.runtime.ContainerState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The node agent's decision over every pair of (assigned task, local container state): each task state the cluster
 * can hold, wanted or not, against each state the agent can know (reported state, no container or a container in
 * each engine state, exit seen or not, an operation under way or not, each health the engine can report).
 */
class ConvergenceTest {
    private static final TaskState[] STATES = TaskState.values();

    /** null stands for "no container on this node". */
    private static List<ContainerState> containers() {
        List<ContainerState> out = new ArrayList<>();
        out.add(null);
        out.addAll(List.of(ContainerState.values()));
        return out;
    }

    private record Case(TaskState observed, boolean live, Local local, Step step) {
        TaskState known() {
            return observed.ordinal() > local.reported().ordinal() ? observed : local.reported();
        }

        boolean runs() {
            return local.hasContainer() && !local.ended();
        }
    }

    private static List<Case> everyPair() {
        List<Case> cases = new ArrayList<>();
        for (TaskState observed : STATES) {
            for (boolean live : new boolean[] {true, false}) {
                for (TaskState reported : STATES) {
                    for (ContainerState c : containers()) {
                        for (boolean exited : new boolean[] {false, true}) {
                            for (boolean busy : new boolean[] {false, true}) {
                                for (ContainerHealth h : ContainerHealth.values()) {
                                    Local l = new Local(busy, reported, c, exited, h);
                                    cases.add(new Case(observed, live, l, Convergence.decide(observed, live, l)));
                                }
                            }
                        }
                    }
                }
            }
        }
        return cases;
    }

    @Test
    void everyPairGetsTheStepItsRuleGives() {
        List<Case> cases = everyPair();
        assertThat(cases).hasSize(STATES.length * 2 * STATES.length * (ContainerState.values().length + 1) * 4
                * ContainerHealth.values().length);
        Map<Step, Integer> seen = new EnumMap<>(Step.class);
        for (Case k : cases) {
            seen.merge(k.step(), 1, Integer::sum);
            String why = k.toString();
            if (k.local().busy() || k.known().isTerminal()) {
                assertThat(k.step()).as(why).isEqualTo(Step.NONE);
            } else if (!k.live()) {
                assertThat(k.step()).as(why).isEqualTo(k.runs() ? Step.STOP : Step.REPORT_SHUTDOWN);
            } else if (k.local().ended()) {
                assertThat(k.step()).as(why).isEqualTo(Step.REPORT_EXIT);
            } else if (k.local().hasContainer() && k.local().health() == ContainerHealth.UNHEALTHY) {
                assertThat(k.step()).as(why).isEqualTo(Step.STOP_UNHEALTHY);
            } else if (k.known().ordinal() < TaskState.RUNNING.ordinal()) {
                assertThat(k.step()).as(why).isEqualTo(k.local().container() != ContainerState.RUNNING ? Step.LAUNCH
                        : k.local().health() != ContainerHealth.STARTING ? Step.REPORT_RUNNING
                        : k.known().ordinal() < TaskState.STARTING.ordinal() ? Step.REPORT_STARTING : Step.NONE);
            } else {
                assertThat(k.step()).as(why).isEqualTo(k.local().hasContainer() ? Step.NONE : Step.REPORT_GONE);
            }
        }
        assertThat(seen.keySet()).as("every step is reachable").containsExactlyInAnyOrder(Step.values());
    }

    @Test
    void safetyHoldsForEveryPair() {
        for (Case k : everyPair()) {
            String why = k.toString();
            if (k.step() == Step.LAUNCH) {
                assertThat(k.live()).as("only a wanted task is launched: " + why).isTrue();
                assertThat(k.local().container()).as("never a second container beside a running one: " + why)
                        .isNotEqualTo(ContainerState.RUNNING);
                assertThat(k.known().ordinal()).as("never once the task ran: " + why)
                        .isLessThan(TaskState.RUNNING.ordinal());
            }
            if (k.step() == Step.STOP) {
                assertThat(k.live()).as("a wanted task is never stopped: " + why).isFalse();
                assertThat(k.runs()).as("only a running container is stopped: " + why).isTrue();
            }
            if (k.local().busy()) {
                assertThat(k.step()).as("nothing starts while an operation runs: " + why).isEqualTo(Step.NONE);
            }
            if (k.step() == Step.REPORT_GONE || k.step() == Step.REPORT_RUNNING || k.step() == Step.REPORT_STARTING) {
                assertThat(k.live()).as(why).isTrue();
            }
            if (k.step() == Step.REPORT_RUNNING) {
                assertThat(k.local().health()).as("a container counts as running only once healthy: " + why)
                        .isIn(ContainerHealth.NONE, ContainerHealth.HEALTHY);
                assertThat(k.local().container()).as(why).isEqualTo(ContainerState.RUNNING);
            }
            if (k.step() == Step.STOP_UNHEALTHY) {
                assertThat(k.live()).as("only a wanted task fails its check (a stop is a stop): " + why).isTrue();
                assertThat(k.runs()).as("only a container that still runs is stopped: " + why).isTrue();
                assertThat(k.known().isTerminal()).as(why).isFalse();
            }
            if (k.local().health() == ContainerHealth.UNHEALTHY && k.runs() && k.live() && !k.local().busy()
                    && !k.known().isTerminal()) {
                assertThat(k.step()).as("an unhealthy container never stays: " + why).isEqualTo(Step.STOP_UNHEALTHY);
            }
            if (k.local().health() == ContainerHealth.STARTING && k.runs() && k.known() != TaskState.RUNNING) {
                assertThat(k.step()).as("a container whose check has not passed never makes its task RUNNING: "
                        + why).isNotEqualTo(Step.REPORT_RUNNING);
            }
        }
    }

    @Test
    void examplesInWords() {
        Local none = new Local(false, TaskState.NEW, null, false);
        Local running = new Local(false, TaskState.RUNNING, ContainerState.RUNNING, false);
        assertThat(Convergence.decide(TaskState.ASSIGNED, true, none)).isEqualTo(Step.LAUNCH);
        assertThat(Convergence.decide(TaskState.RUNNING, true, running)).isEqualTo(Step.NONE);
        assertThat(Convergence.decide(TaskState.RUNNING, false, running)).isEqualTo(Step.STOP);
        assertThat(Convergence.decide(TaskState.RUNNING, true, new Local(false, TaskState.RUNNING,
                ContainerState.RUNNING, true))).as("the exit event came before the engine's state changed")
                .isEqualTo(Step.REPORT_EXIT);
        assertThat(Convergence.decide(TaskState.STARTING, true, new Local(false, TaskState.NEW,
                ContainerState.RUNNING, false))).as("found running after a restart").isEqualTo(Step.REPORT_RUNNING);
        assertThat(Convergence.decide(TaskState.RUNNING, true, none)).as("removed outside Flotilla")
                .isEqualTo(Step.REPORT_GONE);
        assertThat(Convergence.decide(TaskState.SHUTDOWN, false, running)).as("the cluster already holds an end")
                .isEqualTo(Step.NONE);
        assertThat(Convergence.decide(TaskState.ASSIGNED, false, none)).isEqualTo(Step.REPORT_SHUTDOWN);
    }

    @Test
    void healthExamplesInWords() {
        Local checking = new Local(false, TaskState.STARTING, ContainerState.RUNNING, false, ContainerHealth.STARTING);
        assertThat(Convergence.decide(TaskState.STARTING, true, checking)).as("started, check not passed yet: wait")
                .isEqualTo(Step.NONE);
        assertThat(Convergence.decide(TaskState.STARTING, true, new Local(false, TaskState.STARTING,
                ContainerState.RUNNING, false, ContainerHealth.HEALTHY))).as("the check passed")
                .isEqualTo(Step.REPORT_RUNNING);
        assertThat(Convergence.decide(TaskState.STARTING, true, new Local(false, TaskState.STARTING,
                ContainerState.RUNNING, false, ContainerHealth.UNHEALTHY))).as("never passed")
                .isEqualTo(Step.STOP_UNHEALTHY);
        assertThat(Convergence.decide(TaskState.RUNNING, true, new Local(false, TaskState.RUNNING,
                ContainerState.RUNNING, false, ContainerHealth.UNHEALTHY))).as("turned unhealthy while running")
                .isEqualTo(Step.STOP_UNHEALTHY);
        assertThat(Convergence.decide(TaskState.RUNNING, false, new Local(false, TaskState.RUNNING,
                ContainerState.RUNNING, false, ContainerHealth.UNHEALTHY))).as("no longer wanted: a plain stop")
                .isEqualTo(Step.STOP);
        assertThat(Convergence.decide(TaskState.ASSIGNED, true, new Local(false, TaskState.NEW,
                ContainerState.RUNNING, false, ContainerHealth.STARTING))).as("found starting after a restart")
                .isEqualTo(Step.REPORT_STARTING);
        assertThat(Convergence.decide(TaskState.RUNNING, true, new Local(false, TaskState.RUNNING,
                ContainerState.RUNNING, false, ContainerHealth.STARTING))).as("running, health unknown again")
                .isEqualTo(Step.NONE);
        assertThat(Convergence.decide(TaskState.STARTING, true, new Local(false, TaskState.STARTING,
                ContainerState.EXITED, true, ContainerHealth.UNHEALTHY))).as("it exited: report the exit")
                .isEqualTo(Step.REPORT_EXIT);
    }
}
