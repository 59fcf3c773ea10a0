package dev.flotilla.orchestrator.wire;

import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;

import java.util.List;

/** What the service API returns. */
public final class ServiceViews {
    /**
     * The query flag of a create or update that must not ask a registry for the image's digest
     * ({@code --no-resolve-image}): {@code POST /v1/services?noResolveImage}.
     */
    public static final String NO_RESOLVE_IMAGE = "noResolveImage";

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

    /**
     * {@code service create}'s reply: the new service (its image pinned to a digest when a registry answered) and
     * what the user should know, such as an image whose digest could not be recorded.
     *
     * @param desired the replicas, or for a global service the number of nodes that qualify for a task now
     */
    public record Created(Service service, int desired, List<String> warnings) {
        public Created {
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
        }
    }

    /** {@code service update}'s reply: the new version, what the update means for the tasks, and warnings. */
    public record Updated(Service service, boolean redeploys, List<String> warnings) {
        public Updated {
            warnings = warnings == null ? List.of() : List.copyOf(warnings);
        }
    }
}
