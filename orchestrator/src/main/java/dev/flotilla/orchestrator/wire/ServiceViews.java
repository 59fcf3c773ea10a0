package dev.flotilla.orchestrator.wire;

import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;

import java.util.List;

/** What the service API returns. */
public final class ServiceViews {
    private ServiceViews() {
    }

    /**
     * A service with its replica counts, as {@code service ls} shows it.
     *
     * @param running tasks of the current definition... and older ones during an update, that are wanted and running
     * @param desired the replicas, or for a global service the number of tasks wanted
     */
    public record Summary(Service service, int running, int desired) {
    }

    /** A task and the hostname of its node ("" while unplaced). */
    public record TaskView(Task task, String node) {
    }

    /**
     * A service and all its tasks (history included), newest first within a slot: {@code service ps} and progress.
     *
     * @param desired the replicas, or for a global service the number of nodes that qualify for a task now
     */
    public record Tasks(Service service, int desired, List<TaskView> tasks) {
        public Tasks {
            tasks = List.copyOf(tasks);
        }
    }

    /** {@code service scale NAME=N}. */
    public record Scale(int replicas) {
    }

    /** {@code service update}'s reply: the new version and what the update means for the tasks. */
    public record Updated(Service service, boolean redeploys, String warning) {
    }
}
