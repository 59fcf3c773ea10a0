package dev.flotilla.orchestrator.leader;

import dev.flotilla.orchestrator.state.Command;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Counts what an orchestrator pass proposes, by kind, for its log line. */
final class PlanCounter implements Command.Visitor<Void> {
    enum Kind { CREATE, DESIRE, ASSIGN, PENDING, REMOVE, OTHER }

    private final Map<Kind, Integer> counts = new EnumMap<>(Kind.class);

    static Map<Kind, Integer> count(List<Command> commands) {
        PlanCounter counter = new PlanCounter();
        counter.each(commands);
        return counter.counts;
    }

    private Void each(List<Command> commands) {
        commands.forEach(c -> c.accept(this));
        return null;
    }

    private Void add(Kind k, int n) {
        counts.merge(k, n, Integer::sum);
        return null;
    }

    @Override
    public Void initCluster(Command.InitCluster c) {
        return add(Kind.OTHER, 1);
    }

    @Override
    public Void restoreCluster(Command.RestoreCluster c) {
        return add(Kind.OTHER, 1);
    }

    @Override
    public Void joinNode(Command.JoinNode c) {
        return add(Kind.OTHER, 1);
    }

    @Override
    public Void updateNodeSpec(Command.UpdateNodeSpec c) {
        return add(Kind.OTHER, 1);
    }

    @Override
    public Void setNodeRole(Command.SetNodeRole c) {
        return add(Kind.OTHER, 1);
    }

    @Override
    public Void setNodeStatus(Command.SetNodeStatus c) {
        return add(Kind.OTHER, 1);
    }

    @Override
    public Void updateNodeDescription(Command.UpdateNodeDescription c) {
        return add(Kind.OTHER, 1);
    }

    @Override
    public Void removeNode(Command.RemoveNode c) {
        return add(Kind.OTHER, 1);
    }

    @Override
    public Void rotateJoinToken(Command.RotateJoinToken c) {
        return add(Kind.OTHER, 1);
    }

    @Override
    public Void setCertExpiry(Command.SetCertExpiry c) {
        return add(Kind.OTHER, 1);
    }

    @Override
    public Void startCaRotation(Command.StartCaRotation c) {
        return add(Kind.OTHER, 1);
    }

    @Override
    public Void finishCaRotation(Command.FinishCaRotation c) {
        return add(Kind.OTHER, 1);
    }

    @Override
    public Void setViewerCredential(Command.SetViewerCredential c) {
        return add(Kind.OTHER, 1);
    }

    @Override
    public Void createService(Command.CreateService c) {
        return add(Kind.OTHER, 1);
    }

    @Override
    public Void updateService(Command.UpdateService c) {
        return add(Kind.OTHER, 1);
    }

    @Override
    public Void setUpdateStatus(Command.SetUpdateStatus c) {
        return add(Kind.OTHER, 1);
    }

    @Override
    public Void removeService(Command.RemoveService c) {
        return add(Kind.OTHER, 1);
    }

    @Override
    public Void putTasks(Command.PutTasks c) {
        return add(Kind.CREATE, c.tasks().size());
    }

    @Override
    public Void updateTaskStatus(Command.UpdateTaskStatus c) {
        return add(Kind.OTHER, 1);
    }

    @Override
    public Void setTaskDesiredState(Command.SetTaskDesiredState c) {
        return add(Kind.DESIRE, 1);
    }

    @Override
    public Void assignTask(Command.AssignTask c) {
        return add(Kind.ASSIGN, 1);
    }

    @Override
    public Void setTaskPending(Command.SetTaskPending c) {
        return add(Kind.PENDING, 1);
    }

    @Override
    public Void removeTasks(Command.RemoveTasks c) {
        return add(Kind.REMOVE, c.taskIds().size());
    }

    @Override
    public Void batch(Command.Batch c) {
        return each(c.commands());
    }
}
