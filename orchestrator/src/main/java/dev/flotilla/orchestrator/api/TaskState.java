package dev.flotilla.orchestrator.api;

/**
 * A task's lifecycle, in SwarmKit's order. States only move forward: the manager owns NEW to ASSIGNED, the node's
 * agent the rest. COMPLETE and later are terminal.
 */
public enum TaskState {
    NEW, PENDING, ASSIGNED, ACCEPTED, PREPARING, STARTING, RUNNING,
    COMPLETE, SHUTDOWN, FAILED, REJECTED, ORPHANED;

    public boolean isTerminal() {
        return ordinal() >= COMPLETE.ordinal();
    }

    /** True when {@code next} is strictly later in the lifecycle; a task never goes back. */
    public boolean canMoveTo(TaskState next) {
        return next != null && next.ordinal() > ordinal();
    }
}
