package dev.flotilla.orchestrator.spec;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConstraintTest {
    private static boolean on(String constraint, String id, String host, String role, Map<String, String> labels) {
        return Constraint.parse(constraint).matches(id, host, role, labels);
    }

    @Test
    void matchesLikeSwarm() {
        assertThat(on("node.role==manager", "n1", "h1", "manager", Map.of())).isTrue();
        assertThat(on("node.role == worker", "n1", "h1", "manager", Map.of())).isFalse();
        assertThat(on("node.role!=worker", "n1", "h1", "manager", Map.of())).isTrue();
        assertThat(on("node.hostname==H1", "n1", "h1", "worker", Map.of())).isTrue();
        assertThat(on("node.id!=n1", "n1", "h1", "worker", Map.of())).isFalse();
        assertThat(on("node.labels.zone==eu", "n1", "h1", "worker", Map.of("zone", "eu"))).isTrue();
        assertThat(on("node.labels.zone==eu", "n1", "h1", "worker", Map.of())).isFalse();
        assertThat(on("node.labels.zone!=eu", "n1", "h1", "worker", Map.of())).isTrue();
    }

    @Test
    void formatRoundTrips() {
        for (String c : new String[]{"node.role==manager", "node.labels.disk!=ssd", "node.id==abc", "node.hostname!=x"}) {
            assertThat(Constraint.parse(c).format()).isEqualTo(c);
        }
    }

    @Test
    void clearErrors() {
        assertThatThrownBy(() -> Constraint.parse("node.role=manager")).hasMessageContaining("no operator; use == or !=");
        assertThatThrownBy(() -> Constraint.parse("node.role==boss")).hasMessageContaining("node.role is manager or worker");
        assertThatThrownBy(() -> Constraint.parse("engine.labels.x==y")).hasMessageContaining("unknown attribute \"engine.labels.x\"");
        assertThatThrownBy(() -> Constraint.parse("node.labels.==y")).hasMessageContaining("needs a label name");
        assertThatThrownBy(() -> Constraint.parse("node.hostname==")).hasMessageContaining("must be one word");
        assertThatThrownBy(() -> Constraint.parse("node.id==a!=b")).hasMessageContaining("two operators");
    }
}
