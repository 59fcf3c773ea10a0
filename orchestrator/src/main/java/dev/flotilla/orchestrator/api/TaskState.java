package dev.flotilla.orchestrator.api;

import java.util.Locale;

/**
 * A task's lifecycle, in SwarmKit's order. States only move forward: the manager owns NEW to ASSIGNED, the node's
 * agent the rest. COMPLETE and later are terminal. {@link #REMOVE} is only ever a desired state: the task goes
 * away (scale down) once it has stopped, and leaves no history.
 */
public enum TaskState {
    NEW, PENDING, ASSIGNED, ACCEPTED, PREPARING, STARTING, RUNNING,
    COMPLETE, SHUTDOWN, FAILED, REJECTED, REMOVE, ORPHANED;

    public boolean isTerminal() {
        return ordinal() >= COMPLETE.ordinal();
    }

    /** True when {@code next} is strictly later in the lifecycle; a task never goes back. */
    public boolean canMoveTo(TaskState next) {
        return next != null && next.ordinal() > ordinal();
    }

    /** "Running", "Shutdown": the word {@code service ps} shows. */
    public String display() {
        String n = name().toLowerCase(Locale.ROOT);
        return Character.toUpperCase(n.charAt(0)) + n.substring(1);
    }
}
