package dev.flotilla.orchestrator.security;

import dev.flotilla.orchestrator.api.Availability;
import dev.flotilla.orchestrator.api.ClusterSettings;
import dev.flotilla.orchestrator.api.CredentialKind;
import dev.flotilla.orchestrator.api.JoinTokenHashes;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeDescription;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.pki.CertRole;
import dev.flotilla.orchestrator.state.ClusterLogic;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.store.TestClusters;
import dev.flotilla.orchestrator.tls.TestTls;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TokensAndCredentialsTest {
    private static final String FP = dev.flotilla.orchestrator.tls.TestTls.FINGERPRINT;

    @Test
    void tokensHaveSwarmsShapeAndRoundTrip() {
        JoinToken t = JoinToken.generate(FP);
        assertThat(t.toString()).matches("SWMTKN-1-[0-9a-z]{50}-[0-9a-z]{25}");
        assertThat(JoinToken.parse(" " + t + "\n")).isEqualTo(t);
        assertThat(JoinToken.generate(FP).secret()).isNotEqualTo(t.secret());
        assertThat(t.secretHash()).hasSize(64).isNotEqualTo(t.secret());
    }

    @Test
    void malformedTokensSayWhatIsWrong() {
        assertThatThrownBy(() -> JoinToken.parse("")).hasMessageContaining("the token is empty");
        assertThatThrownBy(() -> JoinToken.parse("TOKEN-1-abc")).hasMessageContaining("does not start with SWMTKN-1-");
        assertThatThrownBy(() -> JoinToken.parse("SWMTKN-1-abc")).hasMessageContaining("two parts");
        assertThatThrownBy(() -> JoinToken.parse("SWMTKN-1-" + "a".repeat(49) + "-" + "b".repeat(25)))
                .hasMessageContaining("got 49 and 25");
        assertThatThrownBy(() -> JoinToken.parse("SWMTKN-1-" + "A".repeat(50) + "-" + "b".repeat(25)))
                .hasMessageContaining("lowercase");
    }

    @Test
    void credentialsMatchOnlyTheirOwnHash() {
        Credential c = Credential.generate();
        var record = c.record(CredentialKind.ADMIN, "", 1);
        assertThat(record.secretHash()).doesNotContain(c.secret());
        assertThat(c.matches(record)).isTrue();
        assertThat(new Credential(c.id(), c.secret() + "x").matches(record)).isFalse();
        assertThat(Credential.parseOrNull(c.toString())).isEqualTo(c);
        assertThat(Credential.parseOrNull("Bearer nonsense")).isNull();
        assertThat(Secrets.sameHash("abc", "abc")).isTrue();
        assertThat(Secrets.sameHash("abc", "abd")).isFalse();
        assertThat(Secrets.sameHash(null, "abc")).isFalse();
    }

    @Test
    void bearerAuthenticationAndAccess() {
        Credential admin = Credential.generate();
        Credential worker = Credential.generate();
        Credential manager = Credential.generate();
        ClusterState s = state(admin, worker, manager);
        Authenticator auth = Authenticator.bearer(() -> s);

        assertThat(auth.authenticate(new CallerProof(null, List.of())).refusal()).contains("needs a credential");
        assertThat(auth.authenticate(new CallerProof("garbage", List.of())).refusal()).contains("malformed");
        assertThat(auth.authenticate(new CallerProof(new Credential(admin.id(), "x".repeat(40)).toString(), List.of()))
                .refusal()).contains("not accepted");

        Principal a = auth.authenticate(CallerProof.fromAuthorizationHeader("Bearer " + admin)).principal();
        assertThat(a.isAdmin()).isTrue();
        assertThat(Access.ADMIN.refusal(a, s)).isNull();
        assertThat(Access.NODE.refusal(a, s)).contains("for nodes");
        // nodes no longer prove themselves with a bearer credential, only with their certificate
        assertThat(auth.authenticate(CallerProof.fromAuthorizationHeader("Bearer " + worker)).refusal())
                .contains("node credentials are no longer accepted", "certificate");
        assertThat(auth.authenticate(CallerProof.fromAuthorizationHeader("Bearer " + manager)).refusal())
                .contains("node credentials are no longer accepted");
    }

    @Test
    void certificateAuthenticationChecksTheClusterAndRevocation() {
        ClusterState s = TestClusters.of("m1", "w1");
        Authenticator auth = Authenticator.of(() -> s);
        Principal w = auth.authenticate(new CallerProof(null, List.of(TestTls.node("w1", CertRole.WORKER).certificate())))
                .principal();
        assertThat(w.nodeId()).isEqualTo("w1");
        assertThat(w.certificateRole()).isEqualTo(CertRole.WORKER);
        assertThat(Access.NODE.refusal(w, s)).isNull();
        assertThat(Access.ADMIN.refusal(w, s)).contains("worker credentials can't be used");
        Principal m = auth.authenticate(new CallerProof(null, List.of(TestTls.node("m1", CertRole.MANAGER).certificate())))
                .principal();
        assertThat(Access.ADMIN.refusal(m, s)).isNull();
        // a manager whose certificate still says worker (just promoted) waits for its renewal
        Principal promoted = auth.authenticate(new CallerProof(null, List.of(TestTls.node("m1", CertRole.WORKER)
                .certificate()))).principal();
        assertThat(Access.ADMIN.refusal(promoted, s)).contains("still holds a worker certificate");

        ClusterState removed = ClusterLogic.apply(s, new Command.RemoveNode("w1", true, 9)).state();
        assertThat(Authenticator.of(() -> removed).authenticate(new CallerProof(null,
                List.of(TestTls.node("w1", CertRole.WORKER).certificate()))).refusal())
                .contains("node w1 was removed from the cluster: its certificate is revoked");
        ClusterState other = TestClusters.apply(ClusterState.EMPTY, new Command.InitCluster("cluster2", "fp", 1,
                ClusterSettings.defaults(), new JoinTokenHashes("w", "m"), TestClusters.node("w1", "h", NodeRole.MANAGER),
                List.of()));
        assertThat(Authenticator.of(() -> other).authenticate(new CallerProof(null,
                List.of(TestTls.node("w1", CertRole.WORKER).certificate()))).refusal()).contains("for cluster cluster1");
    }

    private static ClusterState state(Credential admin, Credential worker, Credential manager) {
        NodeDescription d = new NodeDescription("h", "127.0.0.1:1", "127.0.0.1:2", "v", null, null, null);
        Node m1 = new Node("m1", NodeRole.MANAGER, Availability.ACTIVE, NodeStatus.READY, "", Map.of(), d, 1, 1, 1);
        Node w1 = new Node("w1", NodeRole.WORKER, Availability.ACTIVE, NodeStatus.READY, "", Map.of(), d, 1, 1, 1);
        ClusterState s = ClusterLogic.apply(ClusterState.EMPTY, new Command.InitCluster("c", FP, 1, ClusterSettings.defaults(),
                new JoinTokenHashes("w", "m"), m1, List.of(admin.record(CredentialKind.ADMIN, "", 1),
                manager.record(CredentialKind.NODE, "m1", 1)))).state();
        return ClusterLogic.apply(s, new Command.JoinNode(w1, worker.record(CredentialKind.NODE, "w1", 2), "w")).state();
    }
}
