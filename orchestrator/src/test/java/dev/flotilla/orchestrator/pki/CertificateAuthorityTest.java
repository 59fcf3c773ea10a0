package dev.flotilla.orchestrator.pki;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CertificateAuthorityTest {
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aNewRootIsAnEcCaOfItsCluster() {
        CertificateAuthority ca = CertificateAuthority.create("cluster1", NOW);
        X509Certificate root = ca.certificate();
        assertThat(root.getBasicConstraints()).isGreaterThanOrEqualTo(0);
        assertThat(root.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(root.getSubjectX500Principal()).isEqualTo(root.getIssuerX500Principal());
        assertThat(root.getSubjectX500Principal().getName()).contains("O=cluster1");
        assertThat(ca.fingerprint()).matches("sha256:[0-9a-f]{64}");
    }

    @Test
    void issuesANodeCertificateWithIdRoleClusterAddressesAndExpiry() throws Exception {
        CertificateAuthority ca = CertificateAuthority.create("cluster1", NOW);
        KeyPair keys = NodeKeys.generate();
        X509Certificate c = ca.issue(NodeKeys.request(keys), "node1", CertRole.WORKER,
                List.of("127.0.0.5", "m1.example"), CertificateAuthority.DEFAULT_NODE_VALIDITY, NOW);
        c.verify(ca.certificate().getPublicKey());
        assertThat(c.getPublicKey()).isEqualTo(keys.getPublic());
        NodeCertificate n = NodeCertificate.read(c).orElseThrow();
        assertThat(n.nodeId()).isEqualTo("node1");
        assertThat(n.role()).isEqualTo(CertRole.WORKER);
        assertThat(n.clusterId()).isEqualTo("cluster1");
        assertThat(n.notAfter()).isEqualTo(NOW.plus(Duration.ofDays(90)));
        assertThat(c.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))).toList())
                .containsExactly("127.0.0.5", "m1.example");
        assertThat(c.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(n.pastFraction(0.5, NOW.plus(Duration.ofDays(44)))).isFalse();
        assertThat(n.pastFraction(0.5, NOW.plus(Duration.ofDays(46)))).isTrue();
    }

    @Test
    void theRequestMustBeSignedByItsKey() {
        CertificateAuthority ca = CertificateAuthority.create("cluster1", NOW);
        String csr = NodeKeys.request(NodeKeys.generate());
        String tampered = csr.substring(0, 60) + (csr.charAt(60) == 'A' ? 'B' : 'A') + csr.substring(61);
        assertThatThrownBy(() -> ca.issue(tampered, "n", CertRole.WORKER, List.of(), Duration.ofDays(1), NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("certificate request");
        assertThatThrownBy(() -> ca.issue("hello", "n", CertRole.WORKER, List.of(), Duration.ofDays(1), NOW))
                .hasMessageContaining("no certificate request found");
    }

    @Test
    void aCertificateNeverOutlivesItsRoot() {
        CertificateAuthority ca = CertificateAuthority.create("c", NOW);
        X509Certificate c = ca.issue(NodeKeys.request(NodeKeys.generate()), "n", CertRole.MANAGER, List.of(),
                Duration.ofDays(365 * 30), NOW);
        assertThat(c.getNotAfter()).isEqualTo(ca.certificate().getNotAfter());
    }

    @Test
    void pemRoundTripsAndAStoredCaMustMatchItsKey() {
        CertificateAuthority ca = CertificateAuthority.create("c", NOW);
        CertificateAuthority back = CertificateAuthority.of(Pem.certificate(Pem.encode(ca.certificate())),
                Pem.privateKey(Pem.encode(ca.key())));
        assertThat(back.fingerprint()).isEqualTo(ca.fingerprint());
        CertificateAuthority other = CertificateAuthority.create("c", NOW);
        assertThatThrownBy(() -> CertificateAuthority.of(ca.certificate(), other.key()))
                .hasMessageContaining("does not belong");
        assertThatThrownBy(() -> Pem.certificate("nothing")).hasMessageContaining("no PEM certificate");
        assertThatThrownBy(() -> Pem.privateKey("nothing")).hasMessageContaining("no PEM private key");
    }
}
