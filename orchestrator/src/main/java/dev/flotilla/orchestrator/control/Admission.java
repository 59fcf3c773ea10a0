package dev.flotilla.orchestrator.control;

import dev.flotilla.orchestrator.api.Availability;
import dev.flotilla.orchestrator.api.CredentialKind;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeDescription;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.api.NodeStatus;
import dev.flotilla.orchestrator.pki.Pem;
import dev.flotilla.orchestrator.security.ClusterKey;
import dev.flotilla.orchestrator.security.Credential;
import dev.flotilla.orchestrator.security.JoinToken;
import dev.flotilla.orchestrator.security.Secrets;
import dev.flotilla.orchestrator.spec.Addresses;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ApiWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;

/**
 * Admits nodes that present a join token: the token's fingerprint must be this cluster's and its secret must hash
 * to the current worker or manager token (both compared in constant time); the token alone decides the role.
 */
public final class Admission {
    private static final Logger LOG = LoggerFactory.getLogger(Admission.class);
    private final ManagerService service;

    public Admission(ManagerService service) {
        this.service = service;
    }

    public ApiWire.JoinReply join(ApiWire.JoinRequest req, String from) {
        JoinToken token;
        try {
            token = JoinToken.parse(req.token());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
        NodeDescription d = checkDescription(req.description());
        ClusterState s = service.read();
        if (!token.fingerprint().equals(s.fingerprint())) {
            String hash = token.secretHash();
            if (s.ca() != null && (Secrets.sameHash(s.tokens().manager(), hash)
                    || Secrets.sameHash(s.tokens().worker(), hash))) {
                LOG.info("{}: refused a join from {}: token made before the CA rotation", service.selfId(), from);
                throw new ApiProblem(ApiProblem.Kind.UNAUTHORIZED, "INVALID_TOKEN", "this join token was made"
                        + " before the cluster's root CA was rotated (a rotation changes the tokens' CA digest). Get"
                        + " the current token with `flotilla join-token worker` (or manager) on a manager");
            }
            LOG.info("{}: refused a join from {}: token for another cluster", service.selfId(), from);
            throw new ApiProblem(ApiProblem.Kind.UNAUTHORIZED, "INVALID_TOKEN", "this join token is for another"
                    + " cluster: its fingerprint does not match this cluster's. Get a token from a manager of the"
                    + " cluster you want to join (flotilla join-token worker)");
        }
        String hash = token.secretHash();
        boolean manager = Secrets.sameHash(s.tokens().manager(), hash);
        boolean worker = Secrets.sameHash(s.tokens().worker(), hash);
        if (!manager && !worker) {
            LOG.info("{}: refused a join from {}: not a current token", service.selfId(), from);
            throw new ApiProblem(ApiProblem.Kind.UNAUTHORIZED, "INVALID_TOKEN", "invalid join token: it is not this"
                    + " cluster's current worker or manager token (a token stops working once rotated). Get the current"
                    + " one with `flotilla join-token worker` (or manager) on a manager");
        }
        NodeRole role = manager ? NodeRole.MANAGER : NodeRole.WORKER;
        if (req.certificateRequest() == null || req.certificateRequest().isBlank()) {
            throw ApiProblem.badRequest("a join needs the node's certificate request (this flotilla is older than the"
                    + " cluster's managers?)");
        }
        service.certificates().authority(); // a manager without the CA key refuses before anything is written
        String nodeId = Secrets.newId();
        ApiWire.IssuedCertificate cert = service.certificates().issue(req.certificateRequest(), nodeId, role, d);
        Credential credential = Credential.generate();
        long now = System.currentTimeMillis();
        Node node = new Node(nodeId, role, Availability.ACTIVE, NodeStatus.UNKNOWN, "", Map.of(), d, now, now, now);
        service.write(new Command.JoinNode(node, credential.record(CredentialKind.NODE, nodeId, now), hash));
        LOG.info("{}: node {} ({}, {}) joined as {}", service.selfId(), nodeId, d.hostname(), d.apiAddress(), role);
        ClusterState after = service.store().local();
        return new ApiWire.JoinReply(nodeId, credential.toString(), role, after.clusterId(), after.fingerprint(),
                service.members().groupId(),
                after.managers().stream().map(m -> m.description().apiAddress()).toList(),
                service.store().status().voters().stream().map(v -> new ApiWire.Voter(v.id(), v.address())).toList(),
                after.settings().heartbeatPeriodMillis(),
                manager ? service.clusterKey().map(ClusterKey::encoded).orElse("") : "", cert.certificate(),
                // after a CA rotation, the root keys are in the state; before, the init root's key is handed over
                manager && after.ca() == null ? Pem.encode(service.certificates().authority().key()) : "");
    }

    private static NodeDescription checkDescription(NodeDescription d) {
        if (d == null) {
            throw ApiProblem.badRequest("a join needs the node's description (hostname, addresses)");
        }
        if (d.hostname().isBlank() || d.hostname().length() > 253) {
            throw ApiProblem.badRequest("invalid hostname '" + d.hostname() + "'");
        }
        hostPort(d.apiAddress(), "API address");
        hostPort(d.raftAddress(), "Raft address");
        return d;
    }

    static void hostPort(String address, String what) {
        try {
            Addresses.port(address);
            if (Addresses.host(address).isEmpty()) {
                throw new IllegalArgumentException("'" + address + "' has no host");
            }
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("invalid " + what + ": " + e.getMessage() + "; expected HOST:PORT");
        }
    }
}
