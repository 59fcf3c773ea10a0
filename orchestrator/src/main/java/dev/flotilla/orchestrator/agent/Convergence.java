package dev.flotilla.orchestrator.agent;

import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.runtime.ContainerState;

/**
 * The node agent's one decision, as a pure function: given what the cluster wants of a task and what the node knows
 * of its container, what to do next. The agent carries the step out (on a worker thread for engine calls) and asks
 * again on the next round; every step moves the task's reported state forward, so repeating a round is harmless.
 */
public final class Convergence {
    private Convergence() {
    }

    /** What the agent does for one task in one round. */
    public enum Step {
        /** Nothing to do now: an operation is under way, the task has ended, or it runs as it should. */
        NONE,
        /** The task is no longer wanted and its container still runs: stop it (grace period, then kill). */
        STOP,
        /** The task is no longer wanted and nothing runs: report SHUTDOWN. */
        REPORT_SHUTDOWN,
        /** The task's container ended on its own: inspect it and report COMPLETE or FAILED with its exit code. */
        REPORT_EXIT,
        /** The container already runs (found after a restart): report RUNNING without starting anything. */
        REPORT_ADOPTED,
        /** Create and start the task's container. */
        LAUNCH,
        /** The task ran here but its container is gone (removed outside Flotilla): report FAILED. */
        REPORT_GONE
    }

    /**
     * What the node knows of one task's container.
     *
     * @param busy      an engine operation for the task is under way
     * @param reported  the latest state the agent reported, or saw the cluster hold, for the task
     * @param container the container's state, or null when the task has no container on this node
     * @param exited    the engine said the container exited (sticky until an inspect says otherwise)
     */
    public record Local(boolean busy, TaskState reported, ContainerState container, boolean exited) {
        public boolean hasContainer() {
            return container != null;
        }

        public boolean ended() {
            return hasContainer() && (exited || container.ended());
        }
    }

    /**
     * @param observed the task's state as the cluster holds it
     * @param live     whether the cluster still wants the task to run (its desired state is RUNNING)
     */
    public static Step decide(TaskState observed, boolean live, Local local) {
        if (local.busy()) {
            return Step.NONE;
        }
        TaskState known = observed.ordinal() > local.reported().ordinal() ? observed : local.reported();
        if (known.isTerminal()) {
            return Step.NONE;
        }
        if (!live) {
            return local.hasContainer() && !local.ended() ? Step.STOP : Step.REPORT_SHUTDOWN;
        }
        if (local.ended()) {
            return Step.REPORT_EXIT;
        }
        if (known.ordinal() < TaskState.RUNNING.ordinal()) {
            return local.container() == ContainerState.RUNNING ? Step.REPORT_ADOPTED : Step.LAUNCH;
        }
        return local.hasContainer() ? Step.NONE : Step.REPORT_GONE;
    }
}
