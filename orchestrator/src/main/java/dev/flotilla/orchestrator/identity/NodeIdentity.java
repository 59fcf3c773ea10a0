package dev.flotilla.orchestrator.identity;

import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.store.RaftEndpoint;

import java.util.List;
import java.util.Objects;

/**
 * What a node keeps in {@code <data-dir>/node.json} (mode 0600) to come back as itself after a restart: its id and
 * credential, the cluster and Raft group it belongs to, its addresses and the managers it last heard of.
 *
 * @param apiAddress    host:port others reach its API on (the advertise address)
 * @param listenAddress host:port its API binds (never the wildcard unless the user asked)
 * @param raftAddress   host:port of its Raft endpoint as advertised (bound on the listen host)
 * @param managers      API addresses of the managers, refreshed from every heartbeat reply
 * @param voters        the Raft voters as last seen
 */
public record NodeIdentity(String format, String nodeId, String clusterId, String fingerprint, String raftGroupId,
                           String credential, NodeRole role, String hostname, String apiAddress, String listenAddress,
                           String raftAddress, List<String> managers, List<RaftEndpoint> voters, DaemonTuning tuning,
                           long createdAt) {
    public static final String FORMAT = "flotilla-node/1";

    public NodeIdentity {
        Objects.requireNonNull(nodeId, "nodeId");
        Objects.requireNonNull(clusterId, "clusterId");
        Objects.requireNonNull(raftGroupId, "raftGroupId");
        Objects.requireNonNull(credential, "credential");
        Objects.requireNonNull(role, "role");
        managers = managers == null ? List.of() : List.copyOf(managers);
        voters = voters == null ? List.of() : List.copyOf(voters);
        tuning = tuning == null ? DaemonTuning.defaults() : tuning;
    }

    public NodeIdentity withRole(NodeRole r) {
        return new NodeIdentity(format, nodeId, clusterId, fingerprint, raftGroupId, credential, r, hostname, apiAddress,
                listenAddress, raftAddress, managers, voters, tuning, createdAt);
    }

    public NodeIdentity withManagers(List<String> m) {
        return new NodeIdentity(format, nodeId, clusterId, fingerprint, raftGroupId, credential, role, hostname, apiAddress,
                listenAddress, raftAddress, m, voters, tuning, createdAt);
    }

    public NodeIdentity withVoters(List<RaftEndpoint> v) {
        return new NodeIdentity(format, nodeId, clusterId, fingerprint, raftGroupId, credential, role, hostname, apiAddress,
                listenAddress, raftAddress, managers, v, tuning, createdAt);
    }

    public NodeIdentity withGroup(String groupId, List<RaftEndpoint> v) {
        return new NodeIdentity(format, nodeId, clusterId, fingerprint, groupId, credential, role, hostname, apiAddress,
                listenAddress, raftAddress, managers, v, tuning, createdAt);
    }

    public NodeIdentity withAddresses(String hostname, String api, String listen, String raft, DaemonTuning t) {
        return new NodeIdentity(format, nodeId, clusterId, fingerprint, raftGroupId, credential, role, hostname, api,
                listen, raft, managers, voters, t, createdAt);
    }
}
