package dev.flotilla.orchestrator.security;

import dev.flotilla.orchestrator.api.CredentialKind;
import dev.flotilla.orchestrator.api.CredentialRecord;
import dev.flotilla.orchestrator.state.ClusterState;

import java.util.function.Supplier;

/**
 * Turns a {@link CallerProof} into a {@link Principal} or a refusal. The bearer implementation checks credentials
 * against the hashes in the cluster state; a certificate-based one can sit beside it later.
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
            if (r.kind() == CredentialKind.NODE && s.node(r.nodeId()) == null) {
                return new Outcome(null, "node " + r.nodeId() + " was removed from the cluster; join it again");
            }
            return new Outcome(new Principal(r.kind(), r.nodeId(), r.id()), null);
        };
    }
}
