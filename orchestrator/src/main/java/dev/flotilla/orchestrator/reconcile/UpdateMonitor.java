package dev.flotilla.orchestrator.reconcile;

import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.api.UpdateStatus;
import dev.flotilla.orchestrator.spec.UpdatePolicy;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * How the tasks of a running update (or rollback) fare, as Swarm's updater judges them: a task made by the update
 * (of the current definition, created since the update began) fails it when it ends on its own before it runs,
 * or within the policy's monitor period of starting to run. Pure: the reconciler decides what follows.
 */
final class UpdateMonitor {
    private final Service service;
    private final UpdateStatus status;
    private final UpdatePolicy policy;

    UpdateMonitor(Service service) {
        this.service = service;
        this.status = service.updateStatus();
        this.policy = policy(service);
    }

    /** The policy in force: the rollback policy while rolling back, else the update policy. */
    static UpdatePolicy policy(Service service) {
        UpdateStatus st = service.updateStatus();
        return st != null && st.rollingBack() ? service.spec().rollback() : service.spec().update();
    }

    UpdatePolicy policy() {
        return policy;
    }

    /** The update's failed tasks, the latest last; empty when no update is in progress. */
    List<Task> failures(Collection<Task> tasks) {
        if (status == null || !status.inProgress()) {
            return List.of();
        }
        long monitor = policy.monitor().toMillis();
        return tasks.stream().filter(this::madeByUpdate).filter(t -> endedOnItsOwn(t)
                        && (t.runningAt() == 0 || t.status().timestamp() - t.runningAt() <= monitor))
                .sorted(Comparator.comparingLong((Task t) -> t.status().timestamp()).thenComparing(Task::id))
                .toList();
    }

    /**
     * When the monitor period of the update's last task to start running ends: the update completes then, if
     * nothing failed. {@link Long#MIN_VALUE} when none of its tasks runs.
     */
    long monitoredUntil(Collection<Task> tasks) {
        long last = Long.MIN_VALUE;
        for (Task t : tasks) {
            if (madeByUpdate(t) && t.runningAt() > 0) {
                last = Math.max(last, t.runningAt() + policy.monitor().toMillis());
            }
        }
        return last;
    }

    private boolean madeByUpdate(Task t) {
        return t.createdAt() >= status.startedAt() && !TaskSpecs.differs(t.spec(), service.spec());
    }

    static boolean endedOnItsOwn(Task t) {
        TaskState st = t.state();
        return st == TaskState.FAILED || st == TaskState.REJECTED || st == TaskState.COMPLETE;
    }
}
