package dev.flotilla.orchestrator.tls;

import dev.flotilla.orchestrator.pki.CertRole;
import dev.flotilla.orchestrator.pki.NodeCertificate;

import java.security.cert.X509Certificate;

/**
 * What a peer's certificate must say beyond being issued by the cluster CA: null when it may talk to us, else
 * why not. Checked during the TLS handshake, after the chain is verified.
 */
@FunctionalInterface
public interface PeerCheck {
    String refusal(NodeCertificate peer);

    /** Any node of the cluster. */
    static PeerCheck anyNode() {
        return peer -> null;
    }

    /** A node whose certificate names it a manager. */
    static PeerCheck manager() {
        return peer -> peer.role() == CertRole.MANAGER ? null
                : "node " + peer.nodeId() + " presented a " + peer.role().unit() + " certificate where a manager's is"
                + " needed";
    }

    /** Applies this check to a verified chain's leaf; null when allowed. */
    default String refusal(X509Certificate leaf) {
        java.util.Optional<NodeCertificate> peer = NodeCertificate.read(leaf);
        return peer.isPresent() ? refusal(peer.get())
                : "the certificate " + leaf.getSubjectX500Principal() + " is not a flotilla node's";
    }

    default PeerCheck and(PeerCheck other) {
        return peer -> {
            String r = refusal(peer);
            return r != null ? r : other.refusal(peer);
        };
    }
}
