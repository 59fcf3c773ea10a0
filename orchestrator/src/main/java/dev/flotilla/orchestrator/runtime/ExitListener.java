package dev.flotilla.orchestrator.runtime;

/** Receives the exits and health changes of a node's containers, on the runtime's event thread; keep it quick. */
public interface ExitListener {
    void onExit(ContainerExit exit);

    /** Container {@code containerId} of task {@code taskId} turned healthy or unhealthy. */
    default void onHealth(String containerId, String taskId, ContainerHealth health) {
    }

    /**
     * The event stream broke (engine restarted, socket closed). Exits may have been missed: inspect the node's
     * containers, then subscribe again.
     */
    default void onStreamBroken(Throwable cause) {
    }
}
