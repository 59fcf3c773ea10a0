package dev.flotilla.orchestrator.dispatcher;

import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.state.Result;
import dev.flotilla.orchestrator.wire.AgentWire;
import dev.flotilla.orchestrator.wire.ApiProblem;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A manager's side of status reports: one node's batch becomes one replicated {@link Command.Batch} of
 * {@link Command.UpdateTaskStatus}, each applied only if the task is that node's and its state moves forward.
 */
public final class StatusIntake {
    public static final int MAX_REPORTS = 1000;
    private final Function<Command, Result> writer;

    /** @param writer replicates a command and returns its result (an ApiProblem when the cluster has no quorum) */
    public StatusIntake(Function<Command, Result> writer) {
        this.writer = writer;
    }

    public AgentWire.StatusAck accept(String nodeId, AgentWire.StatusBatch batch) {
        if (batch.reports().size() > MAX_REPORTS) {
            throw ApiProblem.badRequest("at most " + MAX_REPORTS + " task reports per call, got " + batch.reports().size());
        }
        if (batch.reports().isEmpty()) {
            return new AgentWire.StatusAck(0, List.of());
        }
        List<Command> commands = new ArrayList<>();
        for (AgentWire.TaskReport r : batch.reports()) {
            if (r.taskId() == null || r.status() == null) {
                throw ApiProblem.badRequest("a task report needs a taskId and a status");
            }
            commands.add(new Command.UpdateTaskStatus(r.taskId(), nodeId, r.status()));
        }
        Result result = writer.apply(new Command.Batch(commands));
        List<String> refused = new ArrayList<>();
        int applied = 0;
        for (int i = 0; i < result.items().size(); i++) {
            Result item = result.items().get(i);
            if (item.ok()) {
                applied++;
            } else {
                refused.add(batch.reports().get(i).taskId() + ": " + item.message());
            }
        }
        return new AgentWire.StatusAck(applied, refused);
    }
}
