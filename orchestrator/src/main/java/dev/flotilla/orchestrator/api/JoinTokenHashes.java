package dev.flotilla.orchestrator.api;

import java.util.Objects;

/** SHA-256 hashes of the secrets of the two current join tokens; the tokens themselves are never stored. */
public record JoinTokenHashes(String worker, String manager) {
    public JoinTokenHashes {
        Objects.requireNonNull(worker, "worker");
        Objects.requireNonNull(manager, "manager");
    }

    public String forRole(NodeRole role) {
        return role == NodeRole.MANAGER ? manager : worker;
    }

    public JoinTokenHashes with(NodeRole role, String hash) {
        return role == NodeRole.MANAGER ? new JoinTokenHashes(worker, hash) : new JoinTokenHashes(hash, manager);
    }
}
