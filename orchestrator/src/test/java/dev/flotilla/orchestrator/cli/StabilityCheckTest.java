package dev.flotilla.orchestrator.cli;

import org.junit.jupiter.api.Test;

import java.util.Set;

import static dev.flotilla.orchestrator.cli.StabilityCheck.Step.FAILURE;
import static dev.flotilla.orchestrator.cli.StabilityCheck.Step.NONE;
import static dev.flotilla.orchestrator.cli.StabilityCheck.Step.STABLE;
import static dev.flotilla.orchestrator.cli.StabilityCheck.Step.WAITING;
import static org.assertj.core.api.Assertions.assertThat;

class StabilityCheckTest {
    private final StabilityCheck check = new StabilityCheck(5_000);

    @Test
    void freshTasksMustStayUpForTheWindow() {
        assertThat(check.next(false, Set.of(), 0, 1_000)).isEqualTo(NONE);
        assertThat(check.next(true, Set.of("a", "b"), 1_500, 2_000)).isEqualTo(WAITING);
        assertThat(check.next(true, Set.of("a", "b"), 1_500, 4_000)).isEqualTo(NONE);
        assertThat(check.next(true, Set.of("a", "b"), 1_500, 6_400)).isEqualTo(NONE);
        assertThat(check.next(true, Set.of("a", "b"), 1_500, 6_500)).isEqualTo(STABLE);
    }

    @Test
    void aTaskThatStopsWithinTheWindowIsAFailureAndTheWindowStartsAgain() {
        assertThat(check.next(true, Set.of("a", "b"), 1_000, 1_000)).isEqualTo(WAITING);
        // b exited after a second: no longer converged
        assertThat(check.next(false, Set.of("a"), 1_000, 2_000)).isEqualTo(FAILURE);
        assertThat(check.next(false, Set.of("a"), 1_000, 2_300)).isEqualTo(NONE);
        // its replacement runs: a new window
        assertThat(check.next(true, Set.of("a", "c"), 7_000, 7_100)).isEqualTo(WAITING);
        assertThat(check.next(true, Set.of("a", "c"), 7_000, 11_000)).isEqualTo(NONE);
        assertThat(check.next(true, Set.of("a", "c"), 7_000, 12_100)).isEqualTo(STABLE);
    }

    @Test
    void aTaskReplacedBetweenTwoPollsIsAFailureToo() {
        assertThat(check.next(true, Set.of("a", "b"), 1_000, 1_000)).isEqualTo(WAITING);
        assertThat(check.next(true, Set.of("a", "c"), 1_900, 2_000)).isEqualTo(FAILURE);
        assertThat(check.next(true, Set.of("a", "c"), 1_900, 6_000)).isEqualTo(NONE);
        assertThat(check.next(true, Set.of("a", "c"), 1_900, 7_000)).isEqualTo(STABLE);
    }

    @Test
    void tasksRunningLongerThanTheWindowCountAtOnce() {
        assertThat(check.next(true, Set.of("a", "b"), 1_000, 60_000)).isEqualTo(STABLE);
        assertThat(new StabilityCheck(5_000).next(true, Set.of(), 0, 10)).as("scaled to 0").isEqualTo(STABLE);
    }
}
