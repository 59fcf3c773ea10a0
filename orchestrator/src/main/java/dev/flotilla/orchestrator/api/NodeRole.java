package dev.flotilla.orchestrator.api;

/** What a node does in the cluster: every node runs tasks; managers also hold a vote in the Raft group. */
public enum NodeRole {
    WORKER, MANAGER;

    /** The word users write and read: {@code node.role == manager}, {@code flotilla join-token worker}. */
    public String lowerName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
