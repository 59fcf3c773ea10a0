package dev.flotilla.orchestrator.reconcile;

import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.state.ClusterLogic;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.state.Outcome;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One orchestration pass, purely: from the cluster state and the time, the commands that move every service
 * toward its definition (stop, create and forget tasks), then the placement of every task waiting for a node. The
 * commands are checked by applying them to the given state, exactly as the managers will, so the placement sees
 * the tasks this pass creates. Running the pass again on the resulting state asks for nothing more unless time
 * has to pass first ({@link Plan#wakeAt()}).
 */
public final class Reconciler {
    private Reconciler() {
    }

    /**
     * @param commands what to propose, in order (empty when everything is as it should be)
     * @param wakeAt   the earliest time a waiting step (restart delay, update delay, stop confirmation) is due;
     *                 {@link Long#MAX_VALUE} when none waits
     */
    public record Plan(List<Command> commands, long wakeAt) {
        public Plan {
            commands = List.copyOf(commands);
        }
    }

    public static Plan plan(ClusterState state, long now, IdSource ids) {
        return plan(state, now, ids, RestartPolicy.DEFAULT);
    }

    public static Plan plan(ClusterState state, long now, IdSource ids, RestartPolicy restart) {
        Map<String, List<Task>> byService = new HashMap<>();
        for (Task t : state.tasks().values()) {
            byService.computeIfAbsent(t.serviceId(), k -> new ArrayList<>()).add(t);
        }
        Intents intents = new Intents(now);
        for (Service s : state.services().values()) {
            new ServiceReconciler(state, s, byService.getOrDefault(s.id(), List.of()), now, ids, restart, intents).run();
        }
        List<Command> commands = new ArrayList<>();
        ClusterState next = applyAll(state, intents.commands(), commands);
        applyAll(next, TaskPlacer.place(next, now), commands);
        return new Plan(commands, intents.wakeAt());
    }

    /** Applies each command, keeping those that were accepted (a refused one would be refused by the managers too). */
    private static ClusterState applyAll(ClusterState state, List<Command> commands, List<Command> accepted) {
        ClusterState s = state;
        for (Command c : commands) {
            Outcome o = ClusterLogic.apply(s, c);
            if (o.result().ok()) {
                accepted.add(c);
                s = o.state();
            }
        }
        return s;
    }
}
