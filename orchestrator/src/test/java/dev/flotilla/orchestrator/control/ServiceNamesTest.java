package dev.flotilla.orchestrator.control;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceNamesTest {
    @Test
    void namesAreTwoWordsNeverOneAlreadyTakenAndValidServiceNames() {
        Random random = new Random(42);
        Set<String> taken = new HashSet<>();
        for (int i = 0; i < 500; i++) {
            String name = ServiceNames.pick(taken, random);
            assertThat(taken).doesNotContain(name);
            assertThat(name).matches("[a-z]+_[a-z]+(_[0-9]+)?").hasSizeLessThanOrEqualTo(63);
            taken.add(name);
        }
        assertThat(taken).hasSize(500).anyMatch(n -> n.matches("[a-z]+_[a-z]+_[0-9]+"));
    }
}
