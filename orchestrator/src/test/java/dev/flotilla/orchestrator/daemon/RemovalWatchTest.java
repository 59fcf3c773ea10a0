package dev.flotilla.orchestrator.daemon;

import org.junit.jupiter.api.Test;

import static dev.flotilla.orchestrator.daemon.RemovalWatch.Step.LOG;
import static dev.flotilla.orchestrator.daemon.RemovalWatch.Step.QUIET;
import static dev.flotilla.orchestrator.daemon.RemovalWatch.Step.REMOVED;
import static org.assertj.core.api.Assertions.assertThat;

class RemovalWatchTest {
    private final RemovalWatch w = new RemovalWatch();

    @Test
    void anAcceptedNodeRefusedForTenSecondsWasRemovedAndIsToldOnce() {
        w.accepted();
        assertThat(w.refused(1_000)).isEqualTo(LOG);
        assertThat(w.refused(2_000)).isEqualTo(QUIET);
        assertThat(w.refused(10_999)).isEqualTo(QUIET);
        assertThat(w.refused(11_000)).isEqualTo(REMOVED);
        assertThat(w.refused(12_000)).isEqualTo(QUIET);
        assertThat(w.refused(61_000)).as("then a line a minute").isEqualTo(LOG);
    }

    @Test
    void anAcceptedHeartbeatStartsTheCountAgain() {
        w.accepted();
        w.refused(0);
        w.refused(9_000);
        w.accepted();
        assertThat(w.refused(10_000)).isEqualTo(QUIET);
        assertThat(w.refused(19_999)).isEqualTo(QUIET);
        assertThat(w.refused(20_000)).isEqualTo(REMOVED);
    }

    @Test
    void aNodeNeverAcceptedIsNotTakenForRemoved() {
        // e.g. a data dir from another cluster, or a join whose credential a lagging manager does not know yet
        assertThat(w.refused(0)).isEqualTo(LOG);
        assertThat(w.refused(30_000)).isEqualTo(QUIET);
        assertThat(w.refused(60_000)).isEqualTo(LOG);
    }
}
