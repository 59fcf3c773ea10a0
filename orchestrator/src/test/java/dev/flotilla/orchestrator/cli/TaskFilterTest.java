package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.wire.ServiceViews;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.flotilla.orchestrator.cli.ServiceOutputTest.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TaskFilterTest {
    private static final ServiceViews.TaskView CURRENT =
            new ServiceViews.TaskView(task("t2aaaaaaaaaaaaaaaaaaaaaaa", 1, TaskState.RUNNING, 10, true), "node-1");
    private static final ServiceViews.TaskView OLD =
            new ServiceViews.TaskView(task("t1aaaaaaaaaaaaaaaaaaaaaaa", 1, TaskState.FAILED, 5, false), "node-1");
    private static final ServiceViews.TaskView OTHER =
            new ServiceViews.TaskView(task("t3aaaaaaaaaaaaaaaaaaaaaaa", 12, TaskState.RUNNING, 10, true), "node-2");
    private static final List<ServiceViews.TaskView> ALL = List.of(CURRENT, OLD, OTHER);

    private static List<ServiceViews.TaskView> kept(String... filters) {
        return ALL.stream().filter(TaskFilter.parse(List.of(filters))::matches).toList();
    }

    @Test
    void keysMatchLikeDockers() {
        assertThat(kept()).isEqualTo(ALL);
        assertThat(kept("desired-state=running")).containsExactly(CURRENT, OTHER);
        assertThat(kept("desired-state=Shutdown")).containsExactly(OLD);
        assertThat(kept("id=t1")).containsExactly(OLD);
        assertThat(kept("name=web.1")).containsExactly(CURRENT, OLD, OTHER);
        assertThat(kept("name=web.12")).containsExactly(OTHER);
        assertThat(kept("node=node-2")).containsExactly(OTHER);
        assertThat(kept("node=n1")).as("the node id works too").containsExactly(CURRENT, OLD, OTHER);
    }

    @Test
    void valuesOfOneKeyAreAlternativesAndKeysMustAllMatch() {
        assertThat(kept("id=t1", "id=t3")).containsExactly(OLD, OTHER);
        assertThat(kept("desired-state=running", "name=web.1")).containsExactly(CURRENT, OTHER);
        assertThat(kept("desired-state=running", "node=node-1")).containsExactly(CURRENT);
    }

    @Test
    void badFiltersSayWhatIsAllowed() {
        assertThatThrownBy(() -> TaskFilter.parse(List.of("state=running")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown key state")
                .hasMessageContaining("use desired-state, id, name or node");
        assertThatThrownBy(() -> TaskFilter.parse(List.of("desired-state=up")))
                .hasMessageContaining("use desired-state=accepted|running|shutdown");
        assertThatThrownBy(() -> TaskFilter.parse(List.of("running"))).hasMessageContaining("write KEY=VALUE");
    }
}
