package dev.flotilla.orchestrator.identity;

import dev.flotilla.orchestrator.json.Json;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DaemonTuningTest {
    @Test
    void theVisualizerDefaultsToTheAdvertiseHostOnPort5000AndCanBeTurnedOff() {
        DaemonTuning t = DaemonTuning.defaults();
        assertThat(t.visualizer("10.0.0.1:4242")).contains("10.0.0.1:5000");
        assertThat(t.withUiAddress("127.0.0.5:8080").visualizer("10.0.0.1:4242")).contains("127.0.0.5:8080");
        assertThat(t.withUiAddress(DaemonTuning.parseUiAddress("NONE")).visualizer("10.0.0.1:4242")).isEmpty();
        assertThat(DaemonTuning.parseUiAddress("10.0.0.7")).isEqualTo("10.0.0.7:5000");
    }

    @Test
    void aBadUiAddressSaysHowToWriteIt() {
        assertThatThrownBy(() -> DaemonTuning.parseUiAddress("10.0.0.1:99999"))
                .hasMessageContaining("--ui-addr").hasMessageContaining("HOST:PORT").hasMessageContaining("none");
        assertThatThrownBy(() -> DaemonTuning.parseUiAddress(" ")).hasMessageContaining("--ui-addr");
    }

    @Test
    void anIdentityWrittenBeforeTheFlagReadsWithTheDefault() throws Exception {
        DaemonTuning old = Json.mapper().readValue("{\"nanoCpus\":0,\"memoryBytes\":0,\"electionMinMillis\":200,"
                + "\"electionMaxMillis\":400}", DaemonTuning.class);
        assertThat(old.uiAddress()).isEmpty();
        assertThat(old.visualizer("10.0.0.1:4242")).contains("10.0.0.1:5000");
    }
}
