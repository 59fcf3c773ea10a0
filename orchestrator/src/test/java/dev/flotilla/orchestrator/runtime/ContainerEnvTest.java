package dev.flotilla.orchestrator.runtime;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ContainerEnvTest {
    private static final List<String> IMAGE = List.of("PATH=/bin", "CATALINA_OPTS=-Xmx1g");

    @Test
    void withoutLogDirTheUsersVariablesPassAsGiven() {
        Map<String, String> user = new LinkedHashMap<>();
        user.put("B", "2");
        user.put("A", "x=y");
        assertThat(ContainerEnv.build(user, IMAGE, "h1", false)).containsExactly("B=2", "A=x=y");
    }

    @Test
    void logDirAppendsTheHostnameFlagsToTheImagesCatalinaOpts() {
        assertThat(ContainerEnv.build(Map.of("A", "1"), IMAGE, "abc123def456", true)).containsExactly("A=1",
                "CATALINA_OPTS=-Xmx1g -Dcustom.hostname=abc123def456 -DhostName=abc123def456");
    }

    @Test
    void theUsersCatalinaOptsWinsOverTheImages() {
        assertThat(ContainerEnv.build(Map.of("CATALINA_OPTS", "-Dx=1 "), IMAGE, "h", true))
                .containsExactly("CATALINA_OPTS=-Dx=1 -Dcustom.hostname=h -DhostName=h");
    }

    @Test
    void withNothingSetOnlyTheFlags() {
        assertThat(ContainerEnv.build(Map.of(), List.of("PATH=/bin"), "h", true))
                .containsExactly("CATALINA_OPTS=-Dcustom.hostname=h -DhostName=h");
        assertThat(ContainerEnv.imageValue(List.of("X=1", "X=2"), "X")).isEqualTo("2");
    }
}
