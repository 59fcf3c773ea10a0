package dev.flotilla.orchestrator.tls;

import dev.flotilla.orchestrator.pki.CertRole;
import dev.flotilla.orchestrator.pki.CertificateAuthority;
import dev.flotilla.orchestrator.pki.NodeKeys;
import dev.flotilla.orchestrator.security.JoinToken;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A cluster CA for tests (cluster "cluster1", as in {@code TestClusters}), and node identities issued by it. */
public final class TestTls {
    public static final CertificateAuthority CA = CertificateAuthority.create("cluster1", Instant.now());
    public static final String FINGERPRINT = JoinToken.fingerprintOf(CA.certificate());
    private static final Map<String, NodeTls> NODES = new ConcurrentHashMap<>();

    private TestTls() {
    }

    /** Node {@code nodeId}'s identity with {@code role} (one per id and role, made once). */
    public static NodeTls node(String nodeId, CertRole role) {
        return NODES.computeIfAbsent(nodeId + "/" + role, k -> issue(CA, nodeId, role, Instant.now(), Duration.ofDays(90)));
    }

    public static NodeTls issue(CertificateAuthority by, String nodeId, CertRole role, Instant at, Duration validity) {
        KeyPair k = NodeKeys.generate();
        X509Certificate c = by.issue(NodeKeys.request(k), nodeId, role, List.of("127.0.0.1"), validity, at);
        return new NodeTls(k.getPrivate(), List.of(c), List.of(CA.certificate()));
    }

    /** The administrator's CLI: trusts the CA, presents nothing. */
    public static ClientTls admin() {
        return ClientTls.trusting(List.of(CA.certificate()), PeerCheck.manager());
    }

    /** Node {@code nodeId} calling managers. */
    public static ClientTls as(String nodeId, CertRole role) {
        return node(nodeId, role).client(PeerCheck.manager());
    }
}
