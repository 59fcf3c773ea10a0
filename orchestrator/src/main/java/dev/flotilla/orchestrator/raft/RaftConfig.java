package dev.flotilla.orchestrator.raft;

import dev.flotilla.orchestrator.store.RaftEndpoint;
import dev.flotilla.orchestrator.tls.NodeTls;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Everything one manager needs to run its member of the group. The bind address is the node's own address, never
 * the wildcard; the port is fixed, never random; the storage lives in the node's data directory; the traffic is
 * mutual TLS with the node's certificate ({@code tls}).
 *
 * @param knownVoters the group as last seen (used only for a brand-new single-manager group or as a hint on
 *                    restart; a restarted member trusts the configuration in its storage)
 */
public record RaftConfig(UUID groupId, String peerId, String host, int port, Path storageDir,
                         List<RaftEndpoint> knownVoters, RaftSettings settings, NodeTls tls) {
    public RaftConfig {
        Objects.requireNonNull(tls, "tls: Raft traffic is always mutual TLS");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(storageDir, "storageDir");
        Objects.requireNonNull(settings, "settings");
        if (host == null || host.isBlank() || host.equals("0.0.0.0") || host.equals("::")) {
            throw new IllegalArgumentException("the Raft endpoint needs a concrete address to bind, got '" + host + "'");
        }
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("the Raft port must be between 1 and 65535, got " + port);
        }
        knownVoters = knownVoters == null ? List.of() : List.copyOf(knownVoters);
    }

    public String address() {
        return host + ":" + port;
    }
}
