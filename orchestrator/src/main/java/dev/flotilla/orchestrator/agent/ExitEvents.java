package dev.flotilla.orchestrator.agent;

import dev.flotilla.orchestrator.runtime.ContainerExit;
import dev.flotilla.orchestrator.runtime.ContainerHealth;
import dev.flotilla.orchestrator.runtime.ExitListener;

import java.util.function.Function;

/**
 * The engine's exit and health events for the node's containers: the task's container is marked ended, or its health
 * noted, and the agent woken; a broken stream makes the agent list its containers again and follow the events anew.
 */
final class ExitEvents implements ExitListener {
    private final Function<String, LocalTask> locals;
    private final Runnable wake;
    private final Runnable broken;

    ExitEvents(Function<String, LocalTask> locals, Runnable wake, Runnable broken) {
        this.locals = locals;
        this.wake = wake;
        this.broken = broken;
    }

    @Override
    public void onExit(ContainerExit exit) {
        if (exit.taskId() != null && locals.apply(exit.taskId()).exitedIfSame(exit.containerId())) {
            wake.run();
        }
    }

    @Override
    public void onHealth(String containerId, String taskId, ContainerHealth health) {
        if (taskId != null && locals.apply(taskId).healthIfSame(containerId, health)) {
            wake.run();
        }
    }

    @Override
    public void onStreamBroken(Throwable cause) {
        broken.run();
        wake.run();
    }
}
