package dev.flotilla.orchestrator.http;

import dev.flotilla.orchestrator.wire.RegistryCredential;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.security.Access;
import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.spec.ServiceUpdateOptions;
import dev.flotilla.orchestrator.wire.AgentWire;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ServiceViews;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The service routes of a manager's API (for the CLI, with the administrator's credential) and the agent routes
 * (for nodes, with their own credential): assignments by long poll, status reports in batches.
 */
final class ServiceRoutes {
    private static final String SERVICE = "/v1/services/([^/]+)";

    /** How long an assignment poll waits for a change before answering with what the node already has. */
    static final long ASSIGNMENT_WAIT_MILLIS = 10_000;

    private final Supplier<ManagerApi> manager;

    ServiceRoutes(Supplier<ManagerApi> manager) {
        this.manager = manager;
    }

    void register(Router r) {
        r.get("/v1/services", Access.ADMIN, c -> m().services().list());
        r.post("/v1/services", Access.ADMIN, c -> m().services().create(c.body(ServiceOptions.class),
                c.registryCredential(), !c.flag(ServiceViews.NO_RESOLVE_IMAGE)));
        r.get(SERVICE, Access.ADMIN, c -> m().services().inspect(c.param(1)));
        r.get(SERVICE + "/tasks", Access.ADMIN, c -> m().services().tasks(c.param(1)));
        r.post(SERVICE + "/update", Access.ADMIN, c -> m().services().update(c.param(1),
                c.body(ServiceUpdateOptions.class), c.registryCredential(), !c.flag(ServiceViews.NO_RESOLVE_IMAGE)));
        r.post(SERVICE + "/scale", Access.ADMIN, c -> m().services().scale(c.param(1), c.body(ServiceViews.Scale.class)));
        r.post(SERVICE + "/rollback", Access.ADMIN, c -> m().services().rollback(c.param(1)));
        r.delete(SERVICE, Access.ADMIN, c -> m().services().remove(c.param(1)));
        r.get("/v1/agent/assignments/([0-9a-z]{1,64})", Access.NODE, c -> assignments(c.principal().nodeId(), c.param(1)));
        r.post("/v1/agent/status", Access.NODE,
                c -> m().statusIntake().accept(c.principal().nodeId(), c.body(AgentWire.StatusBatch.class)));
    }

    /**
     * Only the leader, once its state is complete, hands out assignments: a follower that is catching up (after
     * a restart) could otherwise tell a node that a running task is gone, and the node would remove its container.
     */
    private AgentWire.Assignments assignments(String nodeId, String digest) {
        ManagerApi m = m();
        if (!m.orchestrating()) {
            var leader = m.state().node(m.leaderId());
            throw ApiProblem.notLeader(leader == null ? null : leader.description().apiAddress());
        }
        try {
            return withCredentials(m, m.assignments().await(nodeId, digest, ASSIGNMENT_WAIT_MILLIS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiProblem(ApiProblem.Kind.UNAVAILABLE, "STOPPING", "this manager is stopping; ask another one");
        }
    }

    /** Hands the node the registry credentials of the services it is to run a task of, and of no other. */
    private static AgentWire.Assignments withCredentials(ManagerApi m, AgentWire.Assignments a) {
        Map<String, RegistryCredential> auths = new HashMap<>();
        ClusterState s = m.state();
        for (Task t : a.tasks()) {
            Service svc = s.services().get(t.serviceId());
            if (t.isLive() && svc != null && svc.registryAuth() != null && !auths.containsKey(svc.id())) {
                m.services().registryCredential(svc).ifPresent(c -> auths.put(svc.id(), c));
            }
        }
        return auths.isEmpty() ? a : a.withRegistryAuth(auths);
    }

    private ManagerApi m() {
        ManagerApi m = manager.get();
        if (m == null) {
            throw DaemonRoutes.notManager();
        }
        return m;
    }
}
