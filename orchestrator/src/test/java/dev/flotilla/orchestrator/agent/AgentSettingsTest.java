package dev.flotilla.orchestrator.agent;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AgentSettingsTest {
    @Test
    void extraContainerLabelsComeFromTheEnvironmentAndCannotTakeOwnership() {
        assertThat(AgentSettings.labelsFromEnv(null)).isEmpty();
        assertThat(AgentSettings.labelsFromEnv("dev.flotilla.test=true, team = web"))
                .containsEntry("dev.flotilla.test", "true").containsEntry("team", "web");
        assertThatThrownBy(() -> AgentSettings.labelsFromEnv("novalue")).hasMessageContaining("key=value");
        assertThatThrownBy(() -> AgentSettings.labelsFromEnv("dev.flotilla.node=other"))
                .hasMessageContaining("Flotilla's own");
    }
}
