package dev.flotilla.orchestrator.security;

import dev.flotilla.orchestrator.api.CredentialKind;
import dev.flotilla.orchestrator.pki.CertRole;

/**
 * Who is calling, once authenticated: the administrator or the visualizer's viewer by their bearer credential, a
 * node by its verified client certificate (CN = node id, OU = role).
 *
 * @param certificateRole the role in a node's certificate; null for bearer credentials
 */
public record Principal(CredentialKind kind, String nodeId, String credentialId, CertRole certificateRole) {
    public Principal(CredentialKind kind, String nodeId, String credentialId) {
        this(kind, nodeId, credentialId, null);
    }

    /** A node known by its certificate. */
    public static Principal node(String nodeId, String serial, CertRole role) {
        return new Principal(CredentialKind.NODE, nodeId, "cert:" + serial, role);
    }

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
