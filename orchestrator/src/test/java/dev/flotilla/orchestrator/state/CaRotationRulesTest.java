package dev.flotilla.orchestrator.state;

import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.RootCa;
import dev.flotilla.orchestrator.api.SealedSecret;
import dev.flotilla.orchestrator.state.Result.Code;
import dev.flotilla.orchestrator.store.TestClusters;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure rules of a root CA rotation: when it may start, and that it finishes only once every node renewed. */
class CaRotationRulesTest {
    private static final RootCa OLD = new RootCa("old-pem", "sha256:old", null);
    private static final RootCa NEXT = new RootCa("next-pem", "sha256:next", new SealedSecret("k", "n", "d"));
    private final ClusterState cluster = TestClusters.of("m1", "w1", "w2");

    private static ClusterState reportIssuer(ClusterState s, String nodeId, String issuer) {
        Node n = s.node(nodeId);
        return TestClusters.apply(s, new Command.UpdateNodeDescription(nodeId,
                n.description().withCertificate(1L, issuer), 2));
    }

    @Test
    void aRotationTrustsBothRootsUntilEveryNodeRenewedThenOnlyTheNewOne() {
        ClusterState s = TestClusters.apply(cluster, new Command.StartCaRotation(OLD, NEXT, "cross-pem", 1));
        assertThat(s.ca().rotating()).isTrue();
        assertThat(s.ca().trusted()).containsExactly("old-pem", "next-pem");
        assertThat(s.ca().issuing()).isEqualTo(NEXT);
        assertThat(s.awaitingNextRoot()).extracting(Node::id).containsExactly("m1", "w1", "w2");

        s = reportIssuer(reportIssuer(s, "m1", "sha256:next"), "w1", "sha256:next");
        Outcome early = ClusterLogic.apply(s, new Command.FinishCaRotation("sha256:next", "tokenfp", 3));
        assertThat(early.result().ok()).isFalse();
        assertThat(early.result().message()).contains("1 node(s)", "w2");
        assertThat(early.state()).isSameAs(s);

        s = reportIssuer(s, "w2", "sha256:next");
        assertThat(s.awaitingNextRoot()).isEmpty();
        ClusterState done = TestClusters.apply(s, new Command.FinishCaRotation("sha256:next", "tokenfp", 4));
        assertThat(done.ca().rotating()).isFalse();
        assertThat(done.ca().current()).isEqualTo(NEXT);
        assertThat(done.ca().trusted()).containsExactly("next-pem");
        assertThat(done.ca().crossSigned()).as("the link to the retired root is dropped").isEmpty();
        assertThat(done.fingerprint()).as("join tokens carry the new root's fingerprint").isEqualTo("tokenfp");
        assertThat(done.tokens()).as("the token secrets stay").isEqualTo(cluster.tokens());
    }

    @Test
    void aSecondRotationWaitsForTheFirstAndStartsFromTheCurrentRoot() {
        ClusterState s = TestClusters.apply(cluster, new Command.StartCaRotation(OLD, NEXT, "cross-pem", 1));
        RootCa third = new RootCa("third-pem", "sha256:third", new SealedSecret("k", "n2", "d2"));
        Outcome again = ClusterLogic.apply(s, new Command.StartCaRotation(OLD, third, "cross2", 2));
        assertThat(again.result().code()).isEqualTo(Code.CONFLICT);
        assertThat(again.result().message()).contains("already in progress", "0 of 3 nodes");

        for (String id : s.nodes().keySet()) {
            s = reportIssuer(s, id, "sha256:next");
        }
        s = TestClusters.apply(s, new Command.FinishCaRotation("sha256:next", "tokenfp", 3));
        Outcome stale = ClusterLogic.apply(s, new Command.StartCaRotation(OLD, third, "cross2", 4));
        assertThat(stale.result().code()).as("a rotation prepared from the old root").isEqualTo(Code.CONFLICT);
        ClusterState next = TestClusters.apply(s, new Command.StartCaRotation(NEXT, third, "cross2", 5));
        assertThat(next.ca().trusted()).containsExactly("next-pem", "third-pem");
    }

    @Test
    void badRotationCommandsAreRefusedAndChangeNothing() {
        assertThat(ClusterLogic.apply(cluster, new Command.StartCaRotation(OLD, new RootCa("p", "f", null), "x", 1))
                .result().code()).as("a next root without its key").isEqualTo(Code.INVALID);
        assertThat(ClusterLogic.apply(cluster, new Command.StartCaRotation(OLD, NEXT, "", 1)).result().code())
                .as("no cross-signed certificate").isEqualTo(Code.INVALID);
        assertThat(ClusterLogic.apply(cluster, new Command.FinishCaRotation("sha256:next", "fp", 1)).result().code())
                .as("no rotation runs").isEqualTo(Code.CONFLICT);
        ClusterState s = TestClusters.apply(cluster, new Command.StartCaRotation(OLD, NEXT, "cross-pem", 1));
        assertThat(ClusterLogic.apply(s, new Command.FinishCaRotation("sha256:other", "fp", 1)).result().code())
                .as("another rotation").isEqualTo(Code.CONFLICT);
        assertThat(cluster.ca()).isNull();
        assertThat(cluster.awaitingNextRoot()).isEmpty();
    }
}
