package dev.flotilla.orchestrator.agent;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class StaleContainersTest {
    private static final long GRACE = 5000;
    private final StaleContainers stale = new StaleContainers(GRACE);
    private final Map<String, String> containers = Map.of("t1", "c1", "t2", "c2");

    @Test
    void aTaskMissingFromANewerViewThanTheLastThatListedItGoesAtOnce() {
        assertThat(stale.round(Set.of("t1", "t2"), 10, containers, id -> false, 0)).isEmpty();
        assertThat(stale.round(Set.of("t1"), 11, containers, id -> false, 1)).containsExactly("t2");
    }

    @Test
    void aTaskMissingFromAnOlderOrUnknownViewWaitsForTheGrace() {
        stale.round(Set.of("t1", "t2"), 10, containers, id -> false, 0);
        assertThat(stale.round(Set.of("t1"), 9, containers, id -> false, 100)).isEmpty();
        assertThat(stale.round(Set.of("t1"), 0, containers, id -> false, 100 + GRACE - 1)).isEmpty();
        assertThat(stale.round(Set.of("t1"), 0, containers, id -> false, 100 + GRACE)).containsExactly("t2");
    }

    @Test
    void aContainerNeverListedGoesAfterTheGraceEvenWithIndexes() {
        assertThat(stale.round(Set.of("t1"), 10, containers, id -> false, 0)).isEmpty();
        assertThat(stale.round(Set.of("t1"), 11, containers, id -> false, GRACE - 1)).isEmpty();
        assertThat(stale.round(Set.of("t1"), 12, containers, id -> false, GRACE)).containsExactly("t2");
    }

    @Test
    void aTaskThatCameBackStartsItsGraceAnew() {
        stale.round(Set.of("t1"), 0, containers, id -> false, 0);
        stale.round(Set.of("t1", "t2"), 0, containers, id -> false, GRACE - 10);
        assertThat(stale.round(Set.of("t1"), 0, containers, id -> false, GRACE + 10)).isEmpty();
        assertThat(stale.round(Set.of("t1"), 0, containers, id -> false, 2 * GRACE + 10)).containsExactly("t2");
    }

    @Test
    void aBusyTaskIsNeverDiscardedAndAnAssignedOneNever() {
        stale.round(Set.of("t1", "t2"), 10, containers, id -> false, 0);
        assertThat(stale.round(Set.of(), 11, containers, id -> id.equals("t2"), 1)).containsExactly("t1");
        assertThat(stale.round(Set.of("t1", "t2"), 12, containers, id -> false, 10 * GRACE)).isEmpty();
    }
}
