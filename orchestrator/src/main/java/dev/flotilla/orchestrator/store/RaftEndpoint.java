package dev.flotilla.orchestrator.store;

/** A voting member of the manager group as the rest of the code sees it: node id and Raft address (host:port). */
public record RaftEndpoint(String id, String address) {
}
