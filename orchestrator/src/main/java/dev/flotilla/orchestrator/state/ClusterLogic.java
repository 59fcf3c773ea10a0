package dev.flotilla.orchestrator.state;

import dev.flotilla.orchestrator.state.Result.Code;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The pure core of the control plane: {@code validate} runs on the leader before a command is replicated, and
 * {@code apply} runs on every manager in log order. Both are deterministic functions of their arguments and never
 * throw; apply re-validates, because the state may have moved between validation and commit.
 */
public final class ClusterLogic {
    private ClusterLogic() {
    }

    /** Why the command cannot apply to this state, or empty when it can. */
    public static Optional<Result> validate(ClusterState state, Command command) {
        try {
            return Optional.ofNullable(check(state, command));
        } catch (IllegalArgumentException e) {
            return Optional.of(Result.rejected(Code.INVALID, e.getMessage()));
        } catch (RuntimeException e) {
            return Optional.of(internal(command, e));
        }
    }

    /** The new state and the command's result; a rejected command returns the state unchanged. */
    public static Outcome apply(ClusterState state, Command command) {
        try {
            Result rejection = check(state, command);
            if (rejection != null) {
                return new Outcome(state, rejection);
            }
            return mutate(state, command);
        } catch (IllegalArgumentException e) {
            return new Outcome(state, Result.rejected(Code.INVALID, e.getMessage()));
        } catch (RuntimeException e) {
            return new Outcome(state, internal(command, e));
        }
    }

    private static Outcome applyBatch(ClusterState state, Command.Batch batch) {
        ClusterState current = state;
        List<Result> results = new ArrayList<>(batch.commands().size());
        for (Command c : batch.commands()) {
            Outcome o = apply(current, c);
            current = o.state();
            results.add(o.result());
        }
        return new Outcome(current, Result.batch(results));
    }

    private static Result check(ClusterState s, Command c) {
        return c.accept(new Checks(s));
    }

    private static Outcome mutate(ClusterState s, Command c) {
        return c.accept(new Effects(s));
    }

    /** Why a command cannot apply to a state, or null when it can. */
    private record Checks(ClusterState s) implements Command.Visitor<Result> {
        private Result initialized() {
            return s.isInitialized() ? null : Result.rejected(Code.NOT_INITIALIZED, "the cluster is not initialized yet");
        }

        private Result first(Result r, Supplier<Result> then) {
            return r != null ? r : then.get();
        }

        private Result notYetInitialized() {
            return s.isInitialized()
                    ? Result.rejected(Code.CONFLICT, "this cluster is already initialized (cluster id " + s.clusterId() + ")")
                    : null;
        }

        @Override
        public Result initCluster(Command.InitCluster c) {
            return notYetInitialized();
        }

        @Override
        public Result restoreCluster(Command.RestoreCluster c) {
            return notYetInitialized();
        }

        @Override
        public Result batch(Command.Batch c) {
            return null;
        }

        @Override
        public Result joinNode(Command.JoinNode c) {
            return first(initialized(), () -> NodeRules.checkJoinNode(s, c));
        }

        @Override
        public Result updateNodeSpec(Command.UpdateNodeSpec c) {
            return first(initialized(), () -> NodeRules.checkUpdateNodeSpec(s, c));
        }

        @Override
        public Result setNodeRole(Command.SetNodeRole c) {
            return first(initialized(), () -> NodeRules.checkSetNodeRole(s, c));
        }

        @Override
        public Result setNodeStatus(Command.SetNodeStatus c) {
            return first(initialized(), () -> NodeRules.checkSetNodeStatus(s, c));
        }

        @Override
        public Result updateNodeDescription(Command.UpdateNodeDescription c) {
            return first(initialized(), () -> NodeRules.checkUpdateNodeDescription(s, c));
        }

        @Override
        public Result removeNode(Command.RemoveNode c) {
            return first(initialized(), () -> NodeRules.checkRemoveNode(s, c));
        }

        @Override
        public Result rotateJoinToken(Command.RotateJoinToken c) {
            return first(initialized(), () -> NodeRules.checkRotateJoinToken(s, c));
        }

        @Override
        public Result setCertExpiry(Command.SetCertExpiry c) {
            return first(initialized(), () -> NodeRules.checkSetCertExpiry(c));
        }

        @Override
        public Result startCaRotation(Command.StartCaRotation c) {
            return first(initialized(), () -> CaRules.checkStart(s, c));
        }

        @Override
        public Result finishCaRotation(Command.FinishCaRotation c) {
            return first(initialized(), () -> CaRules.checkFinish(s, c));
        }

        @Override
        public Result setViewerCredential(Command.SetViewerCredential c) {
            return first(initialized(), () -> NodeRules.checkSetViewerCredential(s, c));
        }

        @Override
        public Result createService(Command.CreateService c) {
            return first(initialized(), () -> ServiceRules.checkCreateService(s, c));
        }

        @Override
        public Result updateService(Command.UpdateService c) {
            return first(initialized(), () -> ServiceRules.checkUpdateService(s, c));
        }

        @Override
        public Result setUpdateStatus(Command.SetUpdateStatus c) {
            return first(initialized(), () -> ServiceRules.checkSetUpdateStatus(s, c));
        }

        @Override
        public Result removeService(Command.RemoveService c) {
            return first(initialized(), () -> ServiceRules.checkRemoveService(s, c));
        }

        @Override
        public Result putTasks(Command.PutTasks c) {
            return first(initialized(), () -> ServiceRules.checkPutTasks(s, c));
        }

        @Override
        public Result updateTaskStatus(Command.UpdateTaskStatus c) {
            return first(initialized(), () -> ServiceRules.checkUpdateTaskStatus(s, c));
        }

        @Override
        public Result setTaskDesiredState(Command.SetTaskDesiredState c) {
            return first(initialized(), () -> TaskRules.checkSetTaskDesiredState(s, c));
        }

        @Override
        public Result assignTask(Command.AssignTask c) {
            return first(initialized(), () -> TaskRules.checkAssignTask(s, c));
        }

        @Override
        public Result setTaskPending(Command.SetTaskPending c) {
            return first(initialized(), () -> TaskRules.checkSetTaskPending(s, c));
        }

        @Override
        public Result removeTasks(Command.RemoveTasks c) {
            return initialized();
        }
    }

    /** The effect of a command that passed its check. */
    private record Effects(ClusterState s) implements Command.Visitor<Outcome> {
        @Override
        public Outcome initCluster(Command.InitCluster c) {
            return NodeRules.init(c);
        }

        @Override
        public Outcome restoreCluster(Command.RestoreCluster c) {
            return NodeRules.restore(c);
        }

        @Override
        public Outcome batch(Command.Batch c) {
            return applyBatch(s, c);
        }

        @Override
        public Outcome joinNode(Command.JoinNode c) {
            return NodeRules.joinNode(s, c);
        }

        @Override
        public Outcome updateNodeSpec(Command.UpdateNodeSpec c) {
            return NodeRules.updateNodeSpec(s, c);
        }

        @Override
        public Outcome setNodeRole(Command.SetNodeRole c) {
            return NodeRules.setNodeRole(s, c);
        }

        @Override
        public Outcome setNodeStatus(Command.SetNodeStatus c) {
            return NodeRules.setNodeStatus(s, c);
        }

        @Override
        public Outcome updateNodeDescription(Command.UpdateNodeDescription c) {
            return NodeRules.updateNodeDescription(s, c);
        }

        @Override
        public Outcome removeNode(Command.RemoveNode c) {
            return NodeRules.removeNode(s, c);
        }

        @Override
        public Outcome rotateJoinToken(Command.RotateJoinToken c) {
            return NodeRules.rotateJoinToken(s, c);
        }

        @Override
        public Outcome setCertExpiry(Command.SetCertExpiry c) {
            return NodeRules.setCertExpiry(s, c);
        }

        @Override
        public Outcome startCaRotation(Command.StartCaRotation c) {
            return CaRules.start(s, c);
        }

        @Override
        public Outcome finishCaRotation(Command.FinishCaRotation c) {
            return CaRules.finish(s, c);
        }

        @Override
        public Outcome setViewerCredential(Command.SetViewerCredential c) {
            return NodeRules.setViewerCredential(s, c);
        }

        @Override
        public Outcome createService(Command.CreateService c) {
            return ServiceRules.createService(s, c);
        }

        @Override
        public Outcome updateService(Command.UpdateService c) {
            return ServiceRules.updateService(s, c);
        }

        @Override
        public Outcome setUpdateStatus(Command.SetUpdateStatus c) {
            return ServiceRules.setUpdateStatus(s, c);
        }

        @Override
        public Outcome removeService(Command.RemoveService c) {
            return ServiceRules.removeService(s, c);
        }

        @Override
        public Outcome putTasks(Command.PutTasks c) {
            return ServiceRules.putTasks(s, c);
        }

        @Override
        public Outcome updateTaskStatus(Command.UpdateTaskStatus c) {
            return ServiceRules.updateTaskStatus(s, c);
        }

        @Override
        public Outcome setTaskDesiredState(Command.SetTaskDesiredState c) {
            return TaskRules.setTaskDesiredState(s, c);
        }

        @Override
        public Outcome assignTask(Command.AssignTask c) {
            return TaskRules.assignTask(s, c);
        }

        @Override
        public Outcome setTaskPending(Command.SetTaskPending c) {
            return TaskRules.setTaskPending(s, c);
        }

        @Override
        public Outcome removeTasks(Command.RemoveTasks c) {
            return TaskRules.removeTasks(s, c);
        }
    }

    private static Result internal(Command c, RuntimeException e) {
        return Result.rejected(Code.INTERNAL, "command " + c.getClass().getSimpleName() + " could not be applied: " + e);
    }
}
