package dev.flotilla.orchestrator.state;

import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.ServiceSpec;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.api.TaskStatus;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.flotilla.orchestrator.state.Fixtures.applyAll;
import static dev.flotilla.orchestrator.state.Fixtures.initialized;
import static org.assertj.core.api.Assertions.assertThat;

class ServiceRulesTest {
    private static final Service WEB = new Service("s1", new ServiceSpec("web", "img:1", List.of(), 1, false, Map.of()), 1, 1, 1);

    @Test
    void taskStatesOnlyMoveForward() {
        Task t = new Task("t1", "s1", 1, "m1aaaa", TaskState.RUNNING, TaskStatus.of(TaskState.ASSIGNED, 1, ""), 1);
        ClusterState s = applyAll(initialized(), new Command.CreateService(WEB), new Command.PutTasks(List.of(t)),
                new Command.UpdateTaskStatus("t1", "m1aaaa", TaskStatus.of(TaskState.RUNNING, 2, "started")));
        assertThat(s.tasks().get("t1").status().state()).isEqualTo(TaskState.RUNNING);

        Outcome back = ClusterLogic.apply(s, new Command.UpdateTaskStatus("t1", "m1aaaa", TaskStatus.of(TaskState.STARTING, 3, "")));
        assertThat(back.result().ok()).isFalse();
        assertThat(back.result().message()).contains("only move forward");

        Outcome wrongNode = ClusterLogic.apply(s, new Command.UpdateTaskStatus("t1", "other", TaskStatus.of(TaskState.FAILED, 3, "")));
        assertThat(wrongNode.result().ok()).isFalse();
    }

    @Test
    void serviceNamesAreUniqueAndRemovalTakesItsTasks() {
        Task t = new Task("t1", "s1", 1, "", TaskState.RUNNING, TaskStatus.of(TaskState.NEW, 1, ""), 1);
        ClusterState s = applyAll(initialized(), new Command.CreateService(WEB), new Command.PutTasks(List.of(t)));
        Service dup = new Service("s2", WEB.spec(), 1, 2, 2);
        assertThat(ClusterLogic.apply(s, new Command.CreateService(dup)).result().message()).contains("already exists");

        ClusterState removed = applyAll(s, new Command.RemoveService("s1", 3));
        assertThat(removed.services()).isEmpty();
        assertThat(removed.tasks()).isEmpty();
    }

    @Test
    void terminalStatesAreTerminal() {
        assertThat(TaskState.COMPLETE.isTerminal()).isTrue();
        assertThat(TaskState.RUNNING.isTerminal()).isFalse();
        assertThat(TaskState.FAILED.canMoveTo(TaskState.RUNNING)).isFalse();
        assertThat(TaskState.NEW.canMoveTo(TaskState.PENDING)).isTrue();
    }
}
