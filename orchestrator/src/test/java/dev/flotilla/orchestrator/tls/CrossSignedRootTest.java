package dev.flotilla.orchestrator.tls;

import dev.flotilla.orchestrator.pki.CertRole;
import dev.flotilla.orchestrator.pki.CertificateAuthority;
import dev.flotilla.orchestrator.pki.NodeCertificate;
import dev.flotilla.orchestrator.pki.NodeKeys;
import dev.flotilla.orchestrator.pki.Roots;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The trust a CA rotation relies on, checked by the JDK's PKIX validation: a certificate of the next root, sent
 * with the cross-signed link, is accepted by nodes that trust only the old root, by nodes that trust both, and by
 * nodes that trust only the new one; without the link, a node that trusts only the old root refuses it.
 */
class CrossSignedRootTest {
    private static final Instant NOW = Instant.now();
    private final CertificateAuthority old = CertificateAuthority.create("c1", NOW);
    private final CertificateAuthority next = old.successor(NOW);
    private final X509Certificate cross = old.crossSign(next.certificate(), NOW);

    private static X509Certificate leaf(CertificateAuthority by) {
        KeyPair k = NodeKeys.generate();
        return by.issue(NodeKeys.request(k), "n1", CertRole.WORKER, List.of("127.0.0.1"), Duration.ofDays(1), NOW);
    }

    private static NodeTls trusting(CertificateAuthority issuer, List<X509Certificate> roots) {
        KeyPair k = NodeKeys.generate();
        X509Certificate me = issuer.issue(NodeKeys.request(k), "verifier", CertRole.MANAGER, List.of("127.0.0.1"),
                Duration.ofDays(1), NOW);
        return new NodeTls(k.getPrivate(), List.of(me), roots);
    }

    @Test
    void theNextRootHasANameOfItsOwnInTheSameCluster() {
        assertThat(next.certificate().getSubjectX500Principal()).isNotEqualTo(old.certificate().getSubjectX500Principal());
        assertThat(next.certificate().getPublicKey()).isNotEqualTo(old.certificate().getPublicKey());
        assertThat(NodeCertificate.read(leaf(next)).orElseThrow().clusterId()).isEqualTo("c1");
        assertThat(cross.getSubjectX500Principal()).isEqualTo(next.certificate().getSubjectX500Principal());
        assertThat(cross.getPublicKey()).isEqualTo(next.certificate().getPublicKey());
        assertThat(cross.getBasicConstraints()).as("a CA certificate").isGreaterThanOrEqualTo(0);
    }

    @Test
    void aCertificateOfTheNextRootIsAcceptedWithTheLinkWhereverTheVerifierIsInTheRotation() {
        X509Certificate fresh = leaf(next);
        NodeTls onlyOld = trusting(old, List.of(old.certificate()));
        NodeTls both = trusting(old, List.of(old.certificate(), next.certificate()));
        NodeTls onlyNew = trusting(next, List.of(next.certificate()));

        assertThat(onlyOld.refusal(List.of(fresh, cross))).isNull();
        assertThat(onlyOld.refusal(List.of(fresh))).as("without the cross-signed link").isNotNull();
        assertThat(both.refusal(List.of(fresh, cross))).isNull();
        assertThat(both.refusal(List.of(leaf(old)))).as("a node not renewed yet, during the rotation").isNull();
        assertThat(onlyNew.refusal(List.of(fresh, cross))).isNull();
        assertThat(onlyNew.refusal(List.of(fresh))).isNull();
        assertThat(onlyNew.refusal(List.of(leaf(old)))).as("the old root, once the rotation finished").isNotNull();
    }

    @Test
    void theRootThatIssuedACertificateIsFoundByItsKey() {
        List<X509Certificate> roots = List.of(old.certificate(), next.certificate());
        assertThat(Roots.issuerOf(leaf(next), roots)).contains(next.certificate());
        assertThat(Roots.issuerOf(leaf(old), roots)).contains(old.certificate());
        CertificateAuthority stranger = CertificateAuthority.create("c1", NOW);
        assertThat(Roots.issuerOf(leaf(stranger), roots)).as("same name as the old root, another key").isEmpty();
    }
}
