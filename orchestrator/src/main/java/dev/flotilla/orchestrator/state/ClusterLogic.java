package dev.flotilla.orchestrator.state;

import dev.flotilla.orchestrator.state.Result.Code;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

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
            if (command instanceof Command.Batch b) {
                return applyBatch(state, b);
            }
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
        if (c instanceof Command.InitCluster || c instanceof Command.RestoreCluster) {
            return s.isInitialized()
                    ? Result.rejected(Code.CONFLICT, "this cluster is already initialized (cluster id " + s.clusterId() + ")")
                    : null;
        }
        if (c instanceof Command.Batch) {
            return null;
        }
        if (!s.isInitialized()) {
            return Result.rejected(Code.NOT_INITIALIZED, "the cluster is not initialized yet");
        }
        Result r = NodeRules.check(s, c);
        if (r == null) {
            r = ServiceRules.check(s, c);
        }
        return r != null ? r : TaskRules.check(s, c);
    }

    private static Outcome mutate(ClusterState s, Command c) {
        if (c instanceof Command.InitCluster init) {
            return NodeRules.init(init);
        }
        if (c instanceof Command.RestoreCluster restore) {
            return NodeRules.restore(restore);
        }
        Outcome o = NodeRules.mutate(s, c);
        if (o != null) {
            return o;
        }
        o = ServiceRules.mutate(s, c);
        if (o != null) {
            return o;
        }
        o = TaskRules.mutate(s, c);
        if (o != null) {
            return o;
        }
        return new Outcome(s, Result.rejected(Code.INVALID, "unsupported command " + c.getClass().getSimpleName()));
    }

    private static Result internal(Command c, RuntimeException e) {
        return Result.rejected(Code.INTERNAL, "command " + c.getClass().getSimpleName() + " could not be applied: " + e);
    }
}
