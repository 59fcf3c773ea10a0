package dev.flotilla.orchestrator.security;

import dev.flotilla.orchestrator.api.CredentialKind;

/**
 * Who is calling, once authenticated. Today from a bearer credential; with mutual TLS it will come from the
 * client certificate (CN = node id, OU = role), and nothing downstream changes.
 */
public record Principal(CredentialKind kind, String nodeId, String credentialId) {
    public boolean isAdmin() {
        return kind == CredentialKind.ADMIN;
    }

    public String describe() {
        return switch (kind) {
            case ADMIN -> "administrator";
            case NODE -> "node " + nodeId;
            case VIEWER -> "visualizer viewer";
        };
    }
}
