package dev.flotilla.orchestrator.security;

import dev.flotilla.orchestrator.api.CredentialKind;
import dev.flotilla.orchestrator.pki.CertRole;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.store.TestClusters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AccessTest {
    private final ClusterState s = TestClusters.of("m1", "w1");
    private final Principal viewer = new Principal(CredentialKind.VIEWER, "", "v1");
    private final Principal admin = new Principal(CredentialKind.ADMIN, "", "a1");
    private final Principal worker = Principal.node("w1", "c1", CertRole.WORKER);
    private final Principal manager = Principal.node("m1", "c2", CertRole.MANAGER);

    @Test
    void theViewerTokenOpensNothingButTheVisualizer() {
        assertThat(Access.ADMIN.refusal(viewer, s)).contains("only opens the visualizer");
        assertThat(Access.NODE.refusal(viewer, s)).contains("for nodes");
        assertThat(Access.ANY.refusal(viewer, s)).isNull();
    }

    @Test
    void adminCallsAreForTheAdministratorAndManagersAndNodeCallsForNodes() {
        assertThat(Access.ADMIN.refusal(admin, s)).isNull();
        assertThat(Access.ADMIN.refusal(manager, s)).isNull();
        assertThat(Access.ADMIN.refusal(worker, s)).contains("is a worker");
        assertThat(Access.NODE.refusal(worker, s)).isNull();
        assertThat(Access.NODE.refusal(admin, s)).contains("not for the administrator");
    }
}
