package dev.flotilla.orchestrator.state;

import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.state.Result.Code;

/** Validation and effect of the service and task commands. Package-private: use {@link ClusterLogic}. */
final class ServiceRules {
    private ServiceRules() {
    }

    static Result check(ClusterState s, Command c) {
        if (c instanceof Command.CreateService cs) {
            Service svc = cs.service();
            if (s.services().containsKey(svc.id())) {
                return Result.rejected(Code.CONFLICT, "a service with id " + svc.id() + " already exists");
            }
            boolean nameTaken = s.services().values().stream().anyMatch(o -> o.spec().name().equals(svc.spec().name()));
            return nameTaken ? Result.rejected(Code.CONFLICT, "service " + svc.spec().name() + " already exists") : null;
        }
        if (c instanceof Command.UpdateService us) {
            Service old = s.services().get(us.service().id());
            if (old == null) {
                return Result.rejected(Code.NOT_FOUND, "service " + us.service().id() + " not found");
            }
            if (us.service().version() != old.version() + 1) {
                return Result.rejected(Code.CONFLICT, "service " + old.spec().name() + " was updated meanwhile"
                        + " (version " + old.version() + "); retry the update");
            }
            return null;
        }
        if (c instanceof Command.RemoveService rs) {
            return s.services().containsKey(rs.serviceId()) ? null
                    : Result.rejected(Code.NOT_FOUND, "service " + rs.serviceId() + " not found");
        }
        if (c instanceof Command.PutTasks pt) {
            for (Task t : pt.tasks()) {
                if (!s.services().containsKey(t.serviceId())) {
                    return Result.rejected(Code.NOT_FOUND, "task " + t.id() + ": service " + t.serviceId() + " not found");
                }
            }
            return null;
        }
        if (c instanceof Command.UpdateTaskStatus u) {
            return checkStatus(s, u);
        }
        return null;
    }

    static Outcome mutate(ClusterState s, Command c) {
        if (c instanceof Command.CreateService cs) {
            return new Outcome(s.withServices(m -> {
                m.put(cs.service().id(), cs.service());
                return m;
            }), Result.ok(cs.service().id()));
        }
        if (c instanceof Command.UpdateService us) {
            return new Outcome(s.withServices(m -> {
                m.put(us.service().id(), us.service());
                return m;
            }), Result.ok(us.service().id()));
        }
        if (c instanceof Command.RemoveService rs) {
            ClusterState next = s.withServices(m -> {
                m.remove(rs.serviceId());
                return m;
            }).withTasks(m -> {
                m.values().removeIf(t -> t.serviceId().equals(rs.serviceId()));
                return m;
            });
            return new Outcome(next, Result.ok(rs.serviceId()));
        }
        if (c instanceof Command.PutTasks pt) {
            return new Outcome(s.withTasks(m -> {
                pt.tasks().forEach(t -> m.put(t.id(), t));
                return m;
            }), Result.ok(""));
        }
        if (c instanceof Command.UpdateTaskStatus u) {
            Task t = s.tasks().get(u.taskId());
            return new Outcome(s.withTasks(m -> {
                m.put(t.id(), t.withStatus(u.status()));
                return m;
            }), Result.ok(t.id()));
        }
        return null;
    }

    private static Result checkStatus(ClusterState s, Command.UpdateTaskStatus u) {
        Task t = s.tasks().get(u.taskId());
        if (t == null) {
            return Result.rejected(Code.NOT_FOUND, "task " + u.taskId() + " not found");
        }
        if (!t.nodeId().equals(u.nodeId())) {
            return Result.rejected(Code.CONFLICT, "task " + t.id() + " is not assigned to node " + u.nodeId());
        }
        if (!t.status().state().canMoveTo(u.status().state())) {
            return Result.rejected(Code.CONFLICT, "task " + t.id() + " cannot move from " + t.status().state()
                    + " to " + u.status().state() + ": task states only move forward");
        }
        return null;
    }
}
