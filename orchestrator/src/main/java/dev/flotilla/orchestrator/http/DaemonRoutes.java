package dev.flotilla.orchestrator.http;

import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.client.ApiClient;
import dev.flotilla.orchestrator.control.CaRotation;
import dev.flotilla.orchestrator.control.ViewerTokens;
import dev.flotilla.orchestrator.identity.NodeIdentity;
import dev.flotilla.orchestrator.pki.NodeCertificate;
import dev.flotilla.orchestrator.pki.Pem;
import dev.flotilla.orchestrator.security.Access;
import dev.flotilla.orchestrator.security.Authenticator;
import dev.flotilla.orchestrator.security.CallerProof;
import dev.flotilla.orchestrator.security.Credential;
import dev.flotilla.orchestrator.security.Principal;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ApiWire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API a node serves: the control API when it is a manager, and its own small local API always. */
public final class DaemonRoutes {
    private static final String NODE = "/v1/nodes/([^/]+)";
    private final NodeApi d;

    public DaemonRoutes(NodeApi d) {
        this.d = d;
    }

    public Router router() {
        Router r = new Router(d.identity().nodeId(), this::authenticate, d::stateForAccess, this::headers);
        r.get("/v1/ping", Access.ANY, c -> ping());
        r.get("/v1/health", Access.ANY, c -> d.health());
        r.get("/v1/ca", Access.PUBLIC, c -> new ApiWire.CaCertificates(Pem.encode(d.trustedCas())));
        r.post("/v1/agent/certificate", Access.NODE,
                c -> m().nodes().renewCertificate(c.principal().nodeId(), c.body(ApiWire.CertificateRequest.class)));
        r.get("/v1/ca/status", Access.ADMIN, c -> new CaRotation(m().nodes()).status());
        r.post("/v1/ca/rotate", Access.ADMIN, c -> new CaRotation(m().nodes()).rotate());
        r.post("/v1/cluster/cert-expiry", Access.ADMIN,
                c -> m().nodes().setCertExpiry(c.body(ApiWire.CertExpiry.class)));
        r.post("/v1/join", Access.PUBLIC, c -> m().admission().join(c.body(ApiWire.JoinRequest.class), c.remote()));
        r.get("/v1/info", Access.ADMIN, c -> m().nodes().info());
        r.get("/v1/nodes", Access.ADMIN, c -> m().nodes().nodes());
        r.get(NODE, Access.ADMIN, c -> m().nodes().node(c.param(1)));
        r.post(NODE + "/update", Access.ADMIN, c -> m().nodes().update(c.param(1), c.body(ApiWire.NodeUpdate.class)));
        r.post("/v1/node-updates", Access.ADMIN, c -> m().nodes().updateMany(c.body(ApiWire.NodeUpdates.class)));
        r.post(NODE + "/promote", Access.ADMIN, c -> m().nodes().promote(c.param(1)));
        r.post(NODE + "/demote", Access.ADMIN, c -> m().nodes().demote(c.param(1)));
        r.delete(NODE, Access.ADMIN, c -> m().nodes().remove(c.param(1), c.flag("force")));
        r.post("/v1/join-tokens/([^/]+)/rotate", Access.ADMIN, c -> m().nodes().rotate(c.param(1)));
        r.post("/v1/join-tokens/([^/]+)/check", Access.ADMIN,
                c -> m().nodes().checkToken(c.param(1), c.body(ApiWire.TokenCheck.class)));
        r.post("/v1/ui-token/rotate", Access.ADMIN, c -> new ViewerTokens(m().nodes()).rotate());
        r.post("/v1/ui-token/check", Access.ADMIN,
                c -> new ViewerTokens(m().nodes()).check(c.body(ApiWire.TokenCheck.class)));
        r.post("/v1/heartbeat", Access.NODE, c -> m().dispatcher().heartbeat(c.principal().nodeId(), c.body(ApiWire.Heartbeat.class)));
        r.post("/v1/raft/members", Access.NODE, c -> m().nodes().raftJoin(c.principal().nodeId(), c.body(ApiWire.RaftJoin.class)));
        r.post("/v1/session/left", Access.NODE, c -> m().nodes().nodeLeft(c.principal().nodeId()));
        new ServiceRoutes(d::manager).register(r);
        r.post("/v1/leave", Access.NODE, c -> {
            if (!c.principal().nodeId().equals(d.identity().nodeId())) {
                throw new ApiProblem(ApiProblem.Kind.FORBIDDEN, "FORBIDDEN", "only the node itself can make it leave");
            }
            return d.leave(c.body(ApiWire.Leave.class).force());
        });
        return r;
    }

    private ManagerApi m() {
        ManagerApi m = d.manager();
        if (m == null) {
            throw notManager();
        }
        return m;
    }

    static ApiProblem notManager() {
        return new ApiProblem(ApiProblem.Kind.FORBIDDEN, "NOT_A_MANAGER", "This node is not a manager. Worker nodes"
                + " can't be used to view or modify cluster state. Run the command against a manager (--host"
                + " MANAGER:PORT), or promote this node to a manager.");
    }

    /**
     * The node's own certificate always works (its local CLI: leave, readiness); other callers need a manager's
     * state: nodes by their certificate, the administrator by its credential.
     */
    private Authenticator.Outcome authenticate(CallerProof proof) {
        NodeIdentity me = d.identity();
        if (proof.hasCertificate()) {
            String refusal = d.certificateRefusal(proof.clientCertificates());
            if (refusal != null) {
                return new Authenticator.Outcome(null, "the client certificate was refused: " + refusal);
            }
            NodeCertificate own = NodeCertificate.read(proof.clientCertificates().get(0)).orElse(null);
            if (own != null && own.nodeId().equals(me.nodeId()) && own.clusterId().equals(me.clusterId())) {
                return new Authenticator.Outcome(Principal.node(own.nodeId(), own.serial(), own.role()), null);
            }
        }
        ManagerApi m = d.manager();
        if (m == null) {
            if (!proof.hasCertificate() && Credential.parseOrNull(proof.bearer()) == null) {
                return Authenticator.bearer(() -> ClusterState.EMPTY).authenticate(proof);
            }
            throw notManager();
        }
        ClusterState s = m.state();
        if (!s.isInitialized()) {
            throw new ApiProblem(ApiProblem.Kind.UNAVAILABLE, "STARTING", "this manager has not loaded the cluster"
                    + " state yet; retry in a moment");
        }
        return Authenticator.of(() -> s).authenticate(proof);
    }

    private Map<String, String> headers() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(ApiClient.NODE_HEADER, d.identity().nodeId());
        h.put(ApiClient.MANAGERS_HEADER, String.join(",", managers()));
        return h;
    }

    private List<String> managers() {
        ManagerApi m = d.manager();
        if (m != null && m.state().isInitialized()) {
            return m.state().managers().stream().map(n -> n.description().apiAddress()).toList();
        }
        return d.identity().managers();
    }

    private ApiWire.Ping ping() {
        NodeIdentity me = d.identity();
        ManagerApi m = d.manager();
        String leaderApi = "";
        if (m != null) {
            Node leader = m.state().node(m.leaderId());
            leaderApi = leader == null ? "" : leader.description().apiAddress();
        }
        return new ApiWire.Ping(me.nodeId(), me.clusterId(), me.hostname(), me.role(), managers(), leaderApi);
    }
}
