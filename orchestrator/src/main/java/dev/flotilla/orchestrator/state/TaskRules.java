package dev.flotilla.orchestrator.state;

import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.api.TaskStatus;
import dev.flotilla.orchestrator.state.Result.Code;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Validation and effect of the orchestrator's task commands (desired state, placement, pending reason, removal),
 * and the per-slot history limit. Package-private: use {@link ClusterLogic}.
 */
final class TaskRules {
    private TaskRules() {
    }

    static Result checkSetTaskDesiredState(ClusterState s, Command.SetTaskDesiredState d) {
        Task t = s.tasks().get(d.taskId());
        if (t == null) {
            return missing(d.taskId());
        }
        if (d.desiredState() != TaskState.RUNNING && d.desiredState() != TaskState.SHUTDOWN
                && d.desiredState() != TaskState.REMOVE) {
            return Result.rejected(Code.INVALID, "a task's desired state is RUNNING, SHUTDOWN or REMOVE, not "
                    + d.desiredState());
        }
        return d.desiredState().ordinal() < t.desiredState().ordinal()
                ? Result.rejected(Code.CONFLICT, "task " + t.id() + " is already desired " + t.desiredState()
                + "; a desired state never goes back") : null;
    }

    static Result checkSetTaskPending(ClusterState s, Command.SetTaskPending p) {
        Task t = s.tasks().get(p.taskId());
        if (t == null) {
            return missing(p.taskId());
        }
        return t.state().ordinal() > TaskState.PENDING.ordinal()
                ? Result.rejected(Code.CONFLICT, "task " + t.id() + " is already " + t.state()) : null;
    }

    static Result checkAssignTask(ClusterState s, Command.AssignTask a) {
        Task t = s.tasks().get(a.taskId());
        if (t == null) {
            return missing(a.taskId());
        }
        if (!s.nodes().containsKey(a.nodeId())) {
            return Result.rejected(Code.NOT_FOUND, "node " + a.nodeId() + " not found");
        }
        if (!t.isLive() || t.state().ordinal() > TaskState.PENDING.ordinal()) {
            return Result.rejected(Code.CONFLICT, "task " + t.id() + " is no longer waiting for a node ("
                    + t.state() + ", desired " + t.desiredState() + ")");
        }
        if (!t.nodeId().isEmpty() && !t.nodeId().equals(a.nodeId())) {
            return Result.rejected(Code.CONFLICT, "task " + t.id() + " belongs to node " + t.nodeId());
        }
        return null;
    }

    static Outcome setTaskDesiredState(ClusterState s, Command.SetTaskDesiredState d) {
        Task t = s.tasks().get(d.taskId());
        if (t.desiredState() == d.desiredState()) {
            return new Outcome(s, Result.ok(t.id()));
        }
        return new Outcome(trim(put(s, t.withDesiredState(d.desiredState(), d.at())), t), Result.ok(t.id()));
    }

    static Outcome assignTask(ClusterState s, Command.AssignTask a) {
        Task t = s.tasks().get(a.taskId());
        return new Outcome(put(s, t.assigned(a.nodeId(), a.hostname(), a.at())), Result.ok(t.id()));
    }

    static Outcome setTaskPending(ClusterState s, Command.SetTaskPending p) {
        Task t = s.tasks().get(p.taskId());
        if (t.state() == TaskState.PENDING && t.status().message().equals(p.reason())) {
            return new Outcome(s, Result.ok(t.id()));
        }
        // a new reason is not a new state: "Pending 6 minutes ago" counts from when the task started waiting
        long since = t.state() == TaskState.PENDING ? t.status().timestamp() : p.at();
        return new Outcome(put(s, t.withStatus(new TaskStatus(TaskState.PENDING, since,
                p.reason(), "", null, ""))), Result.ok(t.id()));
    }

    static Outcome removeTasks(ClusterState s, Command.RemoveTasks r) {
        ClusterState next = s.withTasks(m -> {
            r.taskIds().forEach(m::remove);
            return m;
        });
        return new Outcome(next, Result.ok(""));
    }

    static ClusterState put(ClusterState s, Task t) {
        return s.withTasks(m -> {
            m.put(t.id(), t);
            return m;
        });
    }

    /**
     * Keeps at most {@code taskHistoryLimit} tasks in the slot of {@code touched}: the oldest tasks that are done
     * (no longer wanted, and ended, never placed, or on a node that left) go first; a task that may still run is
     * never dropped.
     */
    static ClusterState trim(ClusterState s, Task touched) {
        int limit = s.settings().taskHistoryLimit();
        List<Task> group = new ArrayList<>();
        for (Task t : s.tasks().values()) {
            if (t.serviceId().equals(touched.serviceId()) && t.slotKey().equals(touched.slotKey())) {
                group.add(t);
            }
        }
        if (group.size() <= limit) {
            return s;
        }
        List<Task> done = group.stream()
                .filter(t -> !t.isLive() && (t.state().isTerminal() || t.nodeId().isEmpty()
                        || !s.nodes().containsKey(t.nodeId())))
                .sorted(Comparator.comparingLong(Task::createdAt).thenComparing(Task::id))
                .toList();
        int excess = Math.min(group.size() - limit, done.size());
        if (excess <= 0) {
            return s;
        }
        List<String> drop = done.subList(0, excess).stream().map(Task::id).toList();
        return s.withTasks(m -> {
            drop.forEach(m::remove);
            return m;
        });
    }

    private static Result missing(String taskId) {
        return Result.rejected(Code.NOT_FOUND, "task " + taskId + " not found");
    }
}
