package dev.flotilla.orchestrator.control;

import dev.flotilla.orchestrator.api.CredentialKind;
import dev.flotilla.orchestrator.api.CredentialRecord;
import dev.flotilla.orchestrator.security.Credential;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.wire.ApiWire;

/**
 * The visualizer's read-only viewer token ({@code flotilla ui-token}). As with join tokens, the cluster keeps only
 * its hash: the administrator's config keeps the token, and a rotation revokes the previous one at once.
 */
public final class ViewerTokens {
    private final ManagerService service;

    public ViewerTokens(ManagerService service) {
        this.service = service;
    }

    /** Issues a new viewer token; the one before stops working. */
    public ApiWire.TokenReply rotate() {
        Credential c = Credential.generate();
        service.write(new Command.SetViewerCredential(c.record(CredentialKind.VIEWER, "", System.currentTimeMillis()),
                System.currentTimeMillis()));
        return new ApiWire.TokenReply("viewer", c.toString());
    }

    /** Whether {@code check.token()} is the cluster's current viewer token. */
    public ApiWire.TokenValid check(ApiWire.TokenCheck check) {
        Credential c = Credential.parseOrNull(check.token());
        if (c == null) {
            return new ApiWire.TokenValid(false);
        }
        ClusterState s = service.read();
        CredentialRecord r = s.credentials().get(c.id());
        return new ApiWire.TokenValid(r != null && r.kind() == CredentialKind.VIEWER && c.matches(r));
    }
}
