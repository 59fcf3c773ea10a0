package dev.flotilla.orchestrator.agent;

import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.runtime.ContainerHealth;
import dev.flotilla.orchestrator.runtime.ContainerState;

/** What the agent knows locally about one of its tasks: its container, whether an operation runs, what it said. */
final class LocalTask {
    /** Stands for a task the agent knows nothing of (never busy). */
    static final LocalTask NONE = new LocalTask("");
    final String taskId;
    volatile String containerId;
    volatile ContainerState container = ContainerState.UNKNOWN;
    /** Set by the exit watcher (or a resync) once the container has ended; sticky. */
    volatile boolean exited;
    /** The container's health as the engine last said it (an event, a listing, or an inspect after the start). */
    volatile ContainerHealth health = ContainerHealth.NONE;
    volatile boolean busy;
    /** The latest state this agent reported (or saw the cluster hold) for the task. */
    volatile TaskState reported = TaskState.NEW;

    LocalTask(String taskId) {
        this.taskId = taskId;
    }

    boolean hasContainer() {
        return containerId != null;
    }

    boolean ended() {
        return exited || container.ended();
    }

    /** What the convergence decision needs to know of this task, as of now. */
    Convergence.Local view() {
        return new Convergence.Local(busy, reported, containerId == null ? null : container, exited, health);
    }

    /** A listing found the task's container: take its id, state and health, unless an operation on it is under way. */
    void found(String id, ContainerState state, ContainerHealth health) {
        if (!busy) {
            containerId = id;
            container = state;
            exited = exited || state.ended();
            this.health = health;
        }
    }

    /** The engine says container {@code id} turned healthy or unhealthy: true when it is this task's. */
    boolean healthIfSame(String id, ContainerHealth h) {
        if (containerId != null && containerId.equals(id)) {
            health = h;
            return true;
        }
        return false;
    }

    /** The engine says container {@code id} exited: true when it is this task's (or the task has none yet). */
    boolean exitedIfSame(String id) {
        if (containerId == null || containerId.equals(id)) {
            exited = true;
            return true;
        }
        return false;
    }

    /** Records a state as reported unless a later one already is; true when it is news. */
    synchronized boolean advance(TaskState s) {
        if (s.ordinal() <= reported.ordinal()) {
            return false;
        }
        reported = s;
        return true;
    }
}
