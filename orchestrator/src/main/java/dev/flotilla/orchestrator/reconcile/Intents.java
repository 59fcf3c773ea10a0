package dev.flotilla.orchestrator.reconcile;

import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.state.Command;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** What a reconciliation wants done, gathered across services, and the earliest time a waiting step is due. */
final class Intents {
    private final List<Command> services = new ArrayList<>();
    private final List<Command> desired = new ArrayList<>();
    private final List<Task> created = new ArrayList<>();
    private final Set<String> removed = new LinkedHashSet<>();
    private final long now;
    private long wakeAt = Long.MAX_VALUE;

    Intents(long now) {
        this.now = now;
    }

    /** A change to a service itself (its update status, a rollback), applied before any task change. */
    void service(Command c) {
        services.add(c);
    }

    void desire(String taskId, TaskState state) {
        desired.add(new Command.SetTaskDesiredState(taskId, state, now));
    }

    void create(Task t) {
        created.add(t);
    }

    void remove(String taskId) {
        removed.add(taskId);
    }

    void wakeAt(long at) {
        wakeAt = Math.min(wakeAt, at);
    }

    long wakeAt() {
        return wakeAt;
    }

    /** Service changes first, then desired-state changes, new tasks, removals: the order they are applied in. */
    List<Command> commands() {
        List<Command> all = new ArrayList<>(services);
        all.addAll(desired);
        if (!created.isEmpty()) {
            all.add(new Command.PutTasks(created));
        }
        if (!removed.isEmpty()) {
            all.add(new Command.RemoveTasks(List.copyOf(removed), now));
        }
        return all;
    }
}
