package dev.flotilla.orchestrator.agent;

import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.api.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * While the engine does not answer, tasks newly assigned to the node cannot start: they are rejected with the
 * reason (and replaced by the cluster, after its restart delay); running containers are left alone. The error is
 * logged once a minute.
 */
final class EngineOutage {
    private static final Logger LOG = LoggerFactory.getLogger(EngineOutage.class);
    private final String nodeId;
    private final String hostname;
    private long lastWarning;

    EngineOutage(String nodeId, String hostname) {
        this.nodeId = nodeId;
        this.hostname = hostname;
    }

    /** The engine failed with {@code why}: reject every live task still only assigned. */
    void reject(String why, List<Task> assigned, long now, BiConsumer<String, TaskStatus> report) {
        if (now - lastWarning > 60_000) {
            lastWarning = now;
            LOG.atError().addKeyValue("node", nodeId).log("the node agent cannot run tasks: " + why);
        }
        for (Task t : assigned) {
            if (t.isLive() && t.state() == TaskState.ASSIGNED) {
                report.accept(t.id(), new TaskStatus(TaskState.REJECTED, now, "rejected", "node " + hostname
                        + " cannot reach its container engine: " + why, null, ""));
            }
        }
    }
}
