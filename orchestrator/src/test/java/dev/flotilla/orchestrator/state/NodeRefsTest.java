package dev.flotilla.orchestrator.state;

import dev.flotilla.orchestrator.api.Labels;
import dev.flotilla.orchestrator.api.NodeRole;
import org.junit.jupiter.api.Test;

import static dev.flotilla.orchestrator.state.Fixtures.applyAll;
import static dev.flotilla.orchestrator.state.Fixtures.initialized;
import static dev.flotilla.orchestrator.state.Fixtures.join;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeRefsTest {
    private final ClusterState state = applyAll(initialized(), join("abc111", "dev02", NodeRole.WORKER),
            join("abc222", "dev03", NodeRole.WORKER), join("xyz333", "dev03", NodeRole.WORKER));

    @Test
    void findsByIdHostnameAndUniquePrefix() {
        assertThat(NodeRefs.resolve(state, "abc111").node().id()).isEqualTo("abc111");
        assertThat(NodeRefs.resolve(state, "dev02").node().id()).isEqualTo("abc111");
        assertThat(NodeRefs.resolve(state, "xy").node().id()).isEqualTo("xyz333");
    }

    @Test
    void explainsAmbiguityAndAbsence() {
        NodeRefs.Lookup prefix = NodeRefs.resolve(state, "abc");
        assertThat(prefix.found()).isFalse();
        assertThat(prefix.ambiguous()).isTrue();
        assertThat(prefix.error()).contains("ambiguous").contains("2 matches");

        assertThat(NodeRefs.resolve(state, "dev03").error()).contains("ambiguous").contains("use the node id");
        assertThat(NodeRefs.resolve(state, "nope").error()).contains("not found");
    }

    @Test
    void labelsAreValidated() {
        assertThat(Labels.parse("zone=eu-1")).isEqualTo(java.util.Map.entry("zone", "eu-1"));
        assertThat(Labels.parse("ssd")).isEqualTo(java.util.Map.entry("ssd", ""));
        assertThatThrownBy(() -> Labels.parse("=x")).hasMessageContaining("invalid label");
        assertThatThrownBy(() -> Labels.parse("bad key=x")).hasMessageContaining("invalid label 'bad key=x'");
        assertThatThrownBy(() -> Labels.checkKey("-x")).hasMessageContaining("invalid label");
    }
}
