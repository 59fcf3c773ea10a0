package dev.flotilla.orchestrator.wire;

import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeDescription;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.api.NodeStatus;

import java.util.List;
import java.util.Map;

/** Request and reply bodies of the HTTP/JSON control API (version 1). */
public final class ApiWire {
    private ApiWire() {
    }

    /** A manager's view of a node: the node, its manager status if it is a manager, and whether it served the call. */
    public record NodeView(Node node, ManagerStatus managerStatus, boolean self) {
    }

    /**
     * @param reachability "Reachable" or "Unreachable" as seen from the manager that answered
     * @param raftMember   whether the node is currently a voter of the Raft group
     */
    public record ManagerStatus(String address, String reachability, boolean leader, boolean raftMember) {
    }

    public record NodeUpdate(String availability, List<String> labelAdd, List<String> labelRm) {
        public NodeUpdate {
            labelAdd = labelAdd == null ? List.of() : List.copyOf(labelAdd);
            labelRm = labelRm == null ? List.of() : List.copyOf(labelRm);
        }
    }

    /** Several node updates in one call (one log entry): {@code node} names each node as users do. */
    public record NodeUpdates(List<NodeUpdateItem> updates) {
        public NodeUpdates {
            updates = updates == null ? List.of() : List.copyOf(updates);
        }
    }

    public record NodeUpdateItem(String node, String availability, List<String> labelAdd, List<String> labelRm) {
        public NodeUpdateItem {
            labelAdd = labelAdd == null ? List.of() : List.copyOf(labelAdd);
            labelRm = labelRm == null ? List.of() : List.copyOf(labelRm);
        }
    }

    /** One outcome per item of {@link NodeUpdates}, in order: the node id, or the error. */
    public record UpdateOutcome(String node, String id, String error) {
    }

    /** The result of promote/demote: the node, and a warning (even manager count) if any. */
    public record RoleChange(NodeView node, String message, String warning) {
    }

    public record Ping(String nodeId, String clusterId, String hostname, NodeRole role, List<String> managers,
                       String leaderApi) {
    }

    /** {@code flotilla info}. */
    public record Info(String clusterId, String nodeId, String nodeAddress, boolean isManager, int managers, int nodes,
                       String leaderId, Map<String, Object> raft, long heartbeatPeriodMillis, int taskHistoryLimit,
                       List<String> managerAddresses, long createdAt, String version, List<String> visualizers,
                       String caFingerprint, List<CertificateView> certificates, String caRotation) {
        public Info {
            caRotation = caRotation == null ? "" : caRotation;
            visualizers = visualizers == null ? List.of() : List.copyOf(visualizers);
            caFingerprint = caFingerprint == null ? "" : caFingerprint;
            certificates = certificates == null ? List.of() : List.copyOf(certificates);
        }
    }

    /** A node's certificate as its heartbeats report it: expiry in epoch ms, 0 when not reported yet. */
    public record CertificateView(String nodeId, String hostname, NodeRole role, long notAfter) {
    }

    public record TokenReply(String role, String token) {
    }

    public record TokenCheck(String token) {
    }

    /**
     * @param current the token with the cluster's current fingerprint when its secret is still current but its
     *                fingerprint is not (the CA was rotated since), else ""
     */
    public record TokenValid(boolean valid, String current) {
        public TokenValid {
            current = current == null ? "" : current;
        }

        public TokenValid(boolean valid) {
            this(valid, "");
        }

    }

    /** @param certificateRequest the joining node's PEM certificate request (its key stays on the node) */
    public record JoinRequest(String token, NodeDescription description, String certificateRequest) {
        @Override
        public String toString() {
            return "JoinRequest[" + (description == null ? "" : description.hostname()) + "]";
        }
    }

    /** The cluster's CA certificates (PEM), served to anyone: a joining node compares their hash with its token. */
    public record CaCertificates(String certificates) {
    }

    /**
     * The cluster's root CA, and the progress of a CA rotation.
     *
     * @param rootCertificate  the current root (PEM): what the CLI and joining nodes trust
     * @param tokenFingerprint the fingerprint join tokens carry now (it changes when a rotation finishes)
     * @param nextFingerprint  the root being rotated to, "" when no rotation runs
     * @param waiting          the nodes without a certificate of the next root yet ("hostname (status)")
     */
    public record CaStatus(String rootCertificate, String rootFingerprint, String tokenFingerprint, boolean rotating,
                           String nextFingerprint, int nodes, int renewed, List<String> waiting) {
    }

    /** A node asking for a new certificate (renewal, or a role change), with a fresh key's request. */
    public record CertificateRequest(String certificateRequest) {
    }

    /** {@code update --cert-expiry}, a Go duration ("2160h"). */
    public record CertExpiry(String certExpiry) {
    }

    /** A certificate issued by the cluster CA (PEM), and the CA certificates to trust (PEM). */
    public record IssuedCertificate(String certificate, String caCertificates) {
    }

    /** What a joining node needs to run: identity, credential, and where the cluster is. */
    /**
     * @param clusterKey  the managers' cluster key (base64), for a node admitted as a manager only; else ""
     * @param certificate the node's certificate (PEM), issued from its request
     * @param caKey       the cluster CA's private key (PEM), for a node admitted as a manager only; else ""
     */
    public record JoinReply(String nodeId, String credential, NodeRole role, String clusterId, String fingerprint,
                            String raftGroupId, List<String> managers, List<Voter> voters, long heartbeatPeriodMillis,
                            String clusterKey, String certificate, String caKey) {
        @Override
        public String toString() {
            return "JoinReply[" + nodeId + ", " + role + "]";
        }
    }

    public record Voter(String id, String address) {
    }

    public record Heartbeat(NodeDescription description) {
    }

    /** The leader's answer to a heartbeat: what the node should be and whom to talk to. */
    /**
     * @param clusterKey the managers' cluster key (base64) when the node is a manager, else ""
     * @param caKey      the cluster CA's private key (PEM) when the node is a manager of a cluster that never
     *                   rotated its CA, else ""
     * @param trustedCas the root CA certificates (PEM) the node should trust, "" before any CA rotation (keep yours)
     * @param certificateIssuer the fingerprint of the root the node's certificate should come from ("" = any
     *                   trusted root): a node holding another one renews
     */
    public record HeartbeatReply(String nodeId, NodeRole role, NodeStatus status, String raftGroupId,
                                 List<Voter> voters, List<String> managers, String leaderApi,
                                 long heartbeatPeriodMillis, String clusterKey, String caKey, String trustedCas,
                                 String certificateIssuer) {
        public HeartbeatReply {
            trustedCas = trustedCas == null ? "" : trustedCas;
            certificateIssuer = certificateIssuer == null ? "" : certificateIssuer;
        }

        @Override
        public String toString() {
            return "HeartbeatReply[" + nodeId + ", " + role + ", " + status + "]";
        }
    }

    public record RaftJoin(String raftAddress) {
    }

    public record Leave(boolean force) {
    }

    public record Message(String message) {
    }

    /** Cheap, local, unreplicated status of one daemon (used by peer probes and by init/join to wait). */
    /**
     * A node's own state, for probes and tests.
     *
     * @param orchestrationPasses reconciler passes this manager ran as the leader (0 on a worker or follower)
     * @param agentRounds         convergence rounds of the node's agent since it adopted its containers
     */
    public record Health(String nodeId, String clusterId, NodeRole role, String raftRole, String leaderId,
                         long appliedIndex, boolean initialized, long orchestrationPasses, long agentRounds) {
    }
}
