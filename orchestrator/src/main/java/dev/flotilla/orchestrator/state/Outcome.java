package dev.flotilla.orchestrator.state;

/** The state after a command and the command's result. A rejected command leaves the state as it was. */
public record Outcome(ClusterState state, Result result) {
}
