package dev.flotilla.orchestrator.spec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class QuantitiesTest {
    @ParameterizedTest
    @CsvSource({"1.5,1500000000", "0.25,250000000", "2,2000000000", "0,0", "0.000000001,1"})
    void cpus(String text, long nanos) {
        assertThat(Quantities.parseCpus("--reserve-cpu", text)).isEqualTo(nanos);
        assertThat(Quantities.parseCpus("--reserve-cpu", Quantities.formatCpus(nanos))).isEqualTo(nanos);
    }

    @Test
    void badCpus() {
        assertThatThrownBy(() -> Quantities.parseCpus("--reserve-cpu", "-1")).hasMessage("--reserve-cpu \"-1\": CPUs cannot be negative");
        assertThatThrownBy(() -> Quantities.parseCpus("--limit-cpu", "lots")).hasMessageContaining("not a number of CPUs");
        assertThatThrownBy(() -> Quantities.parseCpus("--limit-cpu", "0.0000000001")).hasMessageContaining("too precise");
    }

    @ParameterizedTest
    @CsvSource({"512M,536870912", "512m,536870912", "512mb,536870912", "512MiB,536870912", "1.5g,1610612736",
            "64k,65536", "64KiB,65536", "100,100", "100b,100", "2 GB,2147483648", "1t,1099511627776"})
    void memory(String text, long bytes) {
        assertThat(Quantities.parseMemory("--reserve-memory", text)).isEqualTo(bytes);
        assertThat(Quantities.parseMemory("--reserve-memory", Quantities.formatMemory(bytes))).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"lots", "512X", "-5M", "1..5g", "", "M"})
    void badMemory(String text) {
        assertThatThrownBy(() -> Quantities.parseMemory("--limit-memory", text))
                .isInstanceOf(SpecException.class).hasMessageStartingWith("--limit-memory \"" + text + "\"");
    }

    @Test
    void formatsMemoryInTheLargestExactUnit() {
        assertThat(Quantities.formatMemory(536870912)).isEqualTo("512MiB");
        assertThat(Quantities.formatMemory(1536 * 1024)).isEqualTo("1536KiB");
        assertThat(Quantities.formatMemory(100)).isEqualTo("100B");
        assertThat(Quantities.formatMemory(0)).isEqualTo("0B");
    }
}
