package dev.flotilla.orchestrator.agent;

import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.runtime.ContainerState;

/** What the agent knows locally about one of its tasks: its container, whether an operation runs, what it said. */
final class LocalTask {
    final String taskId;
    volatile String containerId;
    volatile ContainerState container = ContainerState.UNKNOWN;
    /** Set by the exit watcher (or a resync) once the container has ended; sticky. */
    volatile boolean exited;
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

    /** Records a state as reported unless a later one already is; true when it is news. */
    synchronized boolean advance(TaskState s) {
        if (s.ordinal() <= reported.ordinal()) {
            return false;
        }
        reported = s;
        return true;
    }
}
