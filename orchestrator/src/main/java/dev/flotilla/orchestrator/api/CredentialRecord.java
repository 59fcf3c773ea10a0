package dev.flotilla.orchestrator.api;

import java.util.Objects;

/**
 * A credential as the cluster stores it: an id to look it up by and the SHA-256 of its secret, never the secret.
 *
 * @param nodeId the node it belongs to, for {@link CredentialKind#NODE}; empty for an admin credential
 */
public record CredentialRecord(String id, String secretHash, CredentialKind kind, String nodeId, long createdAt) {
    public CredentialRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(secretHash, "secretHash");
        Objects.requireNonNull(kind, "kind");
        nodeId = nodeId == null ? "" : nodeId;
    }
}
