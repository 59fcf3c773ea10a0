package dev.flotilla.orchestrator.agent;

import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.runtime.ContainerHealth;
import dev.flotilla.orchestrator.runtime.ContainerState;

/**
 * The node agent's one decision, as a pure function: given what the cluster wants of a task and what the node knows
 * of its container, what to do next. The agent carries the step out (on a worker thread for engine calls) and asks
 * again on the next round; every step moves the task's reported state forward, so repeating a round is harmless.
 * A container with a health check counts as running only once the check passed: until then its task stays
 * STARTING, and a container whose check fails is stopped and its task FAILED (Swarm's rule).
 */
public final class Convergence {
    private Convergence() {
    }

    /** What the agent does for one task in one round. */
    public enum Step {
        /**
         * Nothing to do now: an operation is under way, the task has ended, it runs as it should, or its
         * container's health check has not passed yet.
         */
        NONE,
        /** The task is no longer wanted and its container still runs: stop it (grace period, then kill). */
        STOP,
        /** The task is no longer wanted and nothing runs: report SHUTDOWN. */
        REPORT_SHUTDOWN,
        /** The task's container ended on its own: inspect it and report COMPLETE or FAILED with its exit code. */
        REPORT_EXIT,
        /**
         * The container runs and counts as running (it has no health check, or its check passed; or it was found
         * running after a restart): report RUNNING without starting anything.
         */
        REPORT_RUNNING,
        /** The container runs but its health check has not passed yet (found after a restart): report STARTING. */
        REPORT_STARTING,
        /** Create and start the task's container. */
        LAUNCH,
        /** The task ran here but its container is gone (removed outside Flotilla): report FAILED. */
        REPORT_GONE,
        /** The container's health check failed: stop it and report FAILED, so the task is replaced. */
        STOP_UNHEALTHY
    }

    /**
     * What the node knows of one task's container.
     *
     * @param busy      an engine operation for the task is under way
     * @param reported  the latest state the agent reported, or saw the cluster hold, for the task
     * @param container the container's state, or null when the task has no container on this node
     * @param exited    the engine said the container exited (sticky until an inspect says otherwise)
     * @param health    the container's health, as the engine last said ({@link ContainerHealth#NONE} without a check)
     */
    public record Local(boolean busy, TaskState reported, ContainerState container, boolean exited,
                        ContainerHealth health) {
        public Local {
            health = health == null ? ContainerHealth.NONE : health;
        }

        /** A container without a health check. */
        public Local(boolean busy, TaskState reported, ContainerState container, boolean exited) {
            this(busy, reported, container, exited, ContainerHealth.NONE);
        }

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
        if (local.hasContainer() && local.health() == ContainerHealth.UNHEALTHY) {
            return Step.STOP_UNHEALTHY;
        }
        if (known.ordinal() < TaskState.RUNNING.ordinal()) {
            if (local.container() != ContainerState.RUNNING) {
                return Step.LAUNCH;
            }
            if (local.health() == ContainerHealth.STARTING) {
                return known.ordinal() < TaskState.STARTING.ordinal() ? Step.REPORT_STARTING : Step.NONE;
            }
            return Step.REPORT_RUNNING;
        }
        return local.hasContainer() ? Step.NONE : Step.REPORT_GONE;
    }
}
