package dev.flotilla.orchestrator.cli;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuantitiesTest {
    @Test
    void parsesDurationsCpusAndMemory() {
        assertThat(Quantities.duration("500ms", "x")).isEqualTo(Duration.ofMillis(500));
        assertThat(Quantities.duration("5s", "x")).isEqualTo(Duration.ofSeconds(5));
        assertThat(Quantities.nanoCpus("1.5")).isEqualTo(1_500_000_000L);
        assertThat(Quantities.memoryBytes("512m")).isEqualTo(512L << 20);
        assertThat(Quantities.memoryBytes("4g")).isEqualTo(4L << 30);
        assertThatThrownBy(() -> Quantities.duration("5 sec", "--heartbeat-period")).hasMessageContaining("--heartbeat-period");
        assertThatThrownBy(() -> Quantities.nanoCpus("-1")).hasMessageContaining("--cpus");
        assertThatThrownBy(() -> Quantities.memoryBytes("lots")).hasMessageContaining("--memory");
    }
}
