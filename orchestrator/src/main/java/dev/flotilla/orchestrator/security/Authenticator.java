package dev.flotilla.orchestrator.security;

import dev.flotilla.orchestrator.api.CredentialKind;
import dev.flotilla.orchestrator.api.CredentialRecord;
import dev.flotilla.orchestrator.pki.NodeCertificate;

import dev.flotilla.orchestrator.state.ClusterState;

import java.security.cert.X509Certificate;
import java.util.function.Supplier;

/**
 * Turns a {@link CallerProof} into a {@link Principal} or a refusal. Nodes prove themselves with their client
 * certificate (already verified against the cluster CA by the TLS handshake); the administrator and the viewer
 * with a bearer credential, checked against the hashes in the cluster state.
 */
public interface Authenticator {

    /** The outcome: a principal, or a refusal message for the caller. */
    record Outcome(Principal principal, String refusal) {
        public boolean ok() {
            return principal != null;
        }
    }

    Outcome authenticate(CallerProof proof);

    /** Checks {@code Authorization: Bearer FLTCRED-1-...} against the credential hashes in the state. */
    static Authenticator bearer(Supplier<ClusterState> state) {
        return proof -> {
            if (proof.bearer() == null || proof.bearer().isEmpty()) {
                return new Outcome(null, "this call needs a credential. The CLI reads it from ~/.flotilla/config.json"
                        + " (written by `flotilla init`); point --config or FLOTILLA_CONFIG at another file if needed");
            }
            Credential c = Credential.parseOrNull(proof.bearer());
            if (c == null) {
                return new Outcome(null, "the credential is malformed (expected FLTCRED-1-<id>-<secret>);"
                        + " check the credential in your flotilla config file");
            }
            ClusterState s = state.get();
            CredentialRecord r = s.credentials().get(c.id());
            if (!c.matches(r)) {
                return new Outcome(null, "the credential was not accepted: it is unknown to this cluster or was"
                        + " revoked (a removed node's credential stops working); check that --config or FLOTILLA_CONFIG"
                        + " names this cluster's administrator config (written by `flotilla init`)");
            }
            if (r.kind() == CredentialKind.NODE) {
                return new Outcome(null, "node credentials are no longer accepted: a node proves itself with its"
                        + " TLS client certificate (" + "tls/node.crt in its data dir)");
            }
            return new Outcome(new Principal(r.kind(), r.nodeId(), r.id()), null);
        };
    }

    /**
     * A verified client certificate: it must name a node of this cluster that has not been removed (removing a node
     * revokes its certificate), with the role the certificate states.
     */
    public static Outcome certificate(CallerProof proof, ClusterState s) {
        X509Certificate leaf = proof.clientCertificates().get(0);
        NodeCertificate c = NodeCertificate.read(leaf).orElse(null);
        if (c == null) {
            return new Outcome(null, "the client certificate " + leaf.getSubjectX500Principal() + " is not a node's");
        }
        if (!c.clusterId().equals(s.clusterId())) {
            return new Outcome(null, "the client certificate is for cluster " + c.clusterId() + ", not this one");
        }
        if (s.node(c.nodeId()) == null) {
            return new Outcome(null, "node " + c.nodeId() + " was removed from the cluster: its certificate is"
                    + " revoked. Join the machine again (flotilla join) to get a new one");
        }
        return new Outcome(Principal.node(c.nodeId(), c.serial(), c.role()), null);
    }

    /** The certificate when the call has one, else the bearer credential. */
    public static Authenticator of(Supplier<ClusterState> state) {
        Authenticator bearer = bearer(state);
        return proof -> proof.hasCertificate() ? certificate(proof, state.get()) : bearer.authenticate(proof);
    }
}
