package dev.flotilla.orchestrator.wire;

import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskStatus;

import java.util.List;
import java.util.Map;

/** Bodies of the calls between a node's agent and the managers: its assignments, and its task status reports. */
public final class AgentWire {
    private AgentWire() {
    }

    /**
     * Every task placed on a node (running, to run, to stop, and the history its containers belong to).
     *
     * @param digest changes whenever one of these tasks changes in a way the agent acts on; the agent sends it back
     *               to wait for the next change
     */
    /**
     * A node's tasks as of the manager's state at log {@code index} (0 when unknown). Indexes of one cluster's log
     * can be compared: a task missing from a view with a higher index than one that had it was really removed.
     */
    public record Assignments(String nodeId, String digest, List<Task> tasks, long index,
                              Map<String, RegistryCredential> registryAuth) {
        public Assignments {
            tasks = tasks == null ? List.of() : List.copyOf(tasks);
            registryAuth = registryAuth == null ? Map.of() : Map.copyOf(registryAuth);
        }

        public Assignments(String nodeId, String digest, List<Task> tasks, long index) {
            this(nodeId, digest, tasks, index, Map.of());
        }

        /**
         * The same view with the registry credentials of its services (by service id), only for services whose
         * tasks the node is to run.
         */
        public Assignments withRegistryAuth(Map<String, RegistryCredential> byService) {
            return new Assignments(nodeId, digest, tasks, index, byService);
        }

        @Override
        public String toString() {
            return "Assignments[" + nodeId + ", " + tasks.size() + " tasks, index " + index + ", credentials for "
                    + registryAuth.keySet() + "]";
        }
    }

    /** One task's new status, as the node saw it. */
    public record TaskReport(String taskId, TaskStatus status) {
    }

    public record StatusBatch(List<TaskReport> reports) {
        public StatusBatch {
            reports = reports == null ? List.of() : List.copyOf(reports);
        }
    }

    /** @param refused task id and reason, for reports the cluster did not take (a task gone, a state gone back) */
    public record StatusAck(int applied, List<String> refused) {
    }
}
