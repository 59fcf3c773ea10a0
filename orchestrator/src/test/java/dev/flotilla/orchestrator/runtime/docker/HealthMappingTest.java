package dev.flotilla.orchestrator.runtime.docker;

import dev.flotilla.orchestrator.runtime.ContainerHealth;
import dev.flotilla.orchestrator.spec.HealthSpec;
import com.github.dockerjava.api.model.HealthCheck;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** How a health check goes to the engine and how its verdict comes back, without an engine. */
class HealthMappingTest {
    @Test
    void durationsGoInNanosecondsAndAnEmptyTestLeavesTheImagesCommand() {
        HealthCheck full = ContainerSpecs.healthCheck(new HealthSpec(HealthSpec.shell("true"), Duration.ofSeconds(5),
                Duration.ofMillis(1500), 4, Duration.ofMinutes(1)));
        assertThat(full.getTest()).containsExactly("CMD-SHELL", "true");
        assertThat(full.getInterval()).isEqualTo(5_000_000_000L);
        assertThat(full.getTimeout()).isEqualTo(1_500_000_000L);
        assertThat(full.getRetries()).isEqualTo(4);
        assertThat(full.getStartPeriod()).isEqualTo(60_000_000_000L);
        HealthCheck intervalOnly = ContainerSpecs.healthCheck(new HealthSpec(List.of(), Duration.ofSeconds(1), null, 0,
                null));
        assertThat(intervalOnly.getTest()).as("the engine takes the image's command").isNull();
        assertThat(intervalOnly.getTimeout()).as("0: the image's").isZero();
        assertThat(ContainerSpecs.healthCheck(HealthSpec.DISABLED).getTest()).containsExactly("NONE");
    }

    @Test
    void aListingsStatusTextGivesTheHealth() {
        assertThat(DockerContainerRuntime.healthInStatus("Up 5 seconds (health: starting)"))
                .isEqualTo(ContainerHealth.STARTING);
        assertThat(DockerContainerRuntime.healthInStatus("Up 2 minutes (healthy)")).isEqualTo(ContainerHealth.HEALTHY);
        assertThat(DockerContainerRuntime.healthInStatus("Up 2 minutes (unhealthy)"))
                .isEqualTo(ContainerHealth.UNHEALTHY);
        assertThat(DockerContainerRuntime.healthInStatus("Up 3 hours")).isEqualTo(ContainerHealth.NONE);
        assertThat(DockerContainerRuntime.healthInStatus("Up 3 hours (Paused)")).isEqualTo(ContainerHealth.NONE);
        assertThat(DockerContainerRuntime.healthInStatus("Exited (0) 5 seconds ago")).isEqualTo(ContainerHealth.NONE);
        assertThat(DockerContainerRuntime.healthInStatus(null)).isEqualTo(ContainerHealth.NONE);
    }
}
