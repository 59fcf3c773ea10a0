package dev.flotilla.orchestrator.scheduler;

import java.util.List;

/**
 * The outcome of one scheduling pass: where each placed task goes, why each other task stays pending, and the
 * nodes with the placed tasks counted in (ready for the next pass).
 */
public record Decisions(List<Assignment> assignments, List<Pending> pending, List<NodeInfo> nodes) {
    public Decisions {
        assignments = List.copyOf(assignments);
        pending = List.copyOf(pending);
        nodes = List.copyOf(nodes);
    }

    /** A task placed on a node. */
    public record Assignment(String taskId, String nodeId) {
    }

    /** A task that fits nowhere now, with the reason shown to the user ("no suitable node (...)"). */
    public record Pending(String taskId, String reason) {
    }
}
