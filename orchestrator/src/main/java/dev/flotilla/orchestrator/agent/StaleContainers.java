package dev.flotilla.orchestrator.agent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Decides which containers on the node belong to tasks the cluster no longer gives it (removed with their service,
 * or never its). A container goes at once when the assignments that lack its task are newer (a higher log index)
 * than the last ones that listed it: the cluster removed the task. Otherwise only once the task has been missing
 * for {@link #graceMillis}: a manager that lags a little behind the one asked before must not cost a container its
 * life. No I/O and no clock of its own; one instance per agent, used from its converging thread.
 */
final class StaleContainers {
    private final long graceMillis;
    /** For each task, the highest log index of assignments that listed it (views of unknown index left out). */
    private final Map<String, Long> seenAt = new HashMap<>();
    private final Map<String, Long> missingSince = new HashMap<>();

    StaleContainers(long graceMillis) {
        this.graceMillis = graceMillis;
    }

    /**
     * One round: the tasks assigned in a view of log {@code index} (0 when unknown), the node's containers by task
     * id, and which tasks have an engine operation under way (never discarded meanwhile).
     *
     * @return the task ids whose containers are to be removed now
     */
    List<String> round(Set<String> assigned, long index, Map<String, String> containers, Predicate<String> busy,
                       long now) {
        if (index > 0) {
            assigned.forEach(id -> seenAt.merge(id, index, Math::max));
        }
        List<String> stale = new ArrayList<>();
        containers.keySet().forEach(taskId -> {
            if (assigned.contains(taskId)) {
                return;
            }
            long since = missingSince.computeIfAbsent(taskId, id -> now);
            boolean removed = index > 0 && index > seenAt.getOrDefault(taskId, Long.MAX_VALUE);
            if ((removed || now - since >= graceMillis) && !busy.test(taskId)) {
                stale.add(taskId);
            }
        });
        missingSince.keySet().removeIf(id -> assigned.contains(id) || !containers.containsKey(id));
        seenAt.keySet().removeIf(id -> !assigned.contains(id) && !containers.containsKey(id));
        return stale;
    }

    /** The task's container was removed: forget it. */
    void forget(String taskId) {
        missingSince.remove(taskId);
    }
}
