package dev.flotilla.orchestrator.state;

import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskStatus;
import dev.flotilla.orchestrator.spec.PortSpec;
import dev.flotilla.orchestrator.spec.ServiceDefinition;
import dev.flotilla.orchestrator.state.Result.Code;

/** Validation and effect of the service and task commands. Package-private: use {@link ClusterLogic}. */
final class ServiceRules {
    private ServiceRules() {
    }

    static Result checkCreateService(ClusterState s, Command.CreateService cs) {
        Service svc = cs.service();
        if (s.services().containsKey(svc.id())) {
            return Result.rejected(Code.CONFLICT, "a service with id " + svc.id() + " already exists");
        }
        boolean nameTaken = s.services().values().stream().anyMatch(o -> o.spec().name().equals(svc.spec().name()));
        return nameTaken ? Result.rejected(Code.CONFLICT, "service " + svc.spec().name() + " already exists")
                : portConflict(s, svc);
    }

    static Result checkUpdateService(ClusterState s, Command.UpdateService us) {
        Service old = s.services().get(us.service().id());
        if (old == null) {
            return Result.rejected(Code.NOT_FOUND, "service " + us.service().id() + " not found");
        }
        if (us.service().version() != old.version() + 1) {
            return Result.rejected(Code.CONFLICT, "service " + old.spec().name() + " was updated meanwhile"
                    + " (version " + old.version() + "); retry the update");
        }
        ServiceDefinition next = us.service().spec();
        if (!next.name().equals(old.name()) || next.mode() != old.spec().mode()) {
            return Result.rejected(Code.INVALID, "the name and mode of service " + old.name() + " cannot change;"
                    + " create another service instead");
        }
        return portConflict(s, us.service());
    }

    static Result checkSetUpdateStatus(ClusterState s, Command.SetUpdateStatus c) {
        Service svc = s.services().get(c.serviceId());
        if (svc == null) {
            return Result.rejected(Code.NOT_FOUND, "service " + c.serviceId() + " not found");
        }
        return svc.version() == c.version() ? null : Result.rejected(Code.CONFLICT, "service " + svc.name()
                + " was updated meanwhile (version " + svc.version() + ", not " + c.version() + ")");
    }

    static Outcome setUpdateStatus(ClusterState s, Command.SetUpdateStatus c) {
        return new Outcome(s.withServices(m -> {
            m.computeIfPresent(c.serviceId(), (id, svc) -> svc.withUpdateStatus(c.status()));
            return m;
        }), Result.ok(c.serviceId()));
    }

    static Result checkRemoveService(ClusterState s, Command.RemoveService rs) {
        return s.services().containsKey(rs.serviceId()) ? null
                : Result.rejected(Code.NOT_FOUND, "service " + rs.serviceId() + " not found");
    }

    static Result checkPutTasks(ClusterState s, Command.PutTasks pt) {
        for (Task t : pt.tasks()) {
            if (!s.services().containsKey(t.serviceId())) {
                return Result.rejected(Code.NOT_FOUND, "task " + t.id() + ": service " + t.serviceId() + " not found");
            }
        }
        return null;
    }

    static Outcome createService(ClusterState s, Command.CreateService cs) {
        return new Outcome(s.withServices(m -> {
            m.put(cs.service().id(), cs.service());
            return m;
        }), Result.ok(cs.service().id()));
    }

    static Outcome updateService(ClusterState s, Command.UpdateService us) {
        return new Outcome(s.withServices(m -> {
            m.put(us.service().id(), us.service());
            return m;
        }), Result.ok(us.service().id()));
    }

    static Outcome removeService(ClusterState s, Command.RemoveService rs) {
        ClusterState next = s.withServices(m -> {
            m.remove(rs.serviceId());
            return m;
        }).withTasks(m -> {
            m.values().removeIf(t -> t.serviceId().equals(rs.serviceId()));
            return m;
        });
        return new Outcome(next, Result.ok(rs.serviceId()));
    }

    static Outcome putTasks(ClusterState s, Command.PutTasks pt) {
        ClusterState next = s.withTasks(m -> {
            pt.tasks().forEach(t -> m.put(t.id(), t));
            return m;
        });
        for (Task t : pt.tasks()) {
            next = TaskRules.trim(next, t);
        }
        return new Outcome(next, Result.ok(""));
    }

    static Outcome updateTaskStatus(ClusterState s, Command.UpdateTaskStatus u) {
        Task t = s.tasks().get(u.taskId());
        TaskStatus status = u.status().containerId().isEmpty()
                ? u.status().withContainerId(t.status().containerId()) : u.status();
        return new Outcome(TaskRules.trim(TaskRules.put(s, t.withStatus(status)), t), Result.ok(t.id()));
    }

    /** A published port belongs to one service: Flotilla binds it on the address of every node that runs it. */
    private static Result portConflict(ClusterState s, Service svc) {
        for (PortSpec p : svc.spec().ports()) {
            for (Service other : s.services().values()) {
                if (other.id().equals(svc.id())) {
                    continue;
                }
                for (PortSpec q : other.spec().ports()) {
                    if (q.published() == p.published() && q.protocol() == p.protocol()) {
                        return Result.rejected(Code.CONFLICT, "port " + p.published() + "/" + p.protocol().lowerName()
                                + " is already published by service " + other.name() + "; publish another port,"
                                + " or remove it from " + other.name() + " first");
                    }
                }
            }
        }
        return null;
    }

    static Result checkUpdateTaskStatus(ClusterState s, Command.UpdateTaskStatus u) {
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
