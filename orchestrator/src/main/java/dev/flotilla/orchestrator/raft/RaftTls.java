package dev.flotilla.orchestrator.raft;

import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.tls.NodeTls;
import dev.flotilla.orchestrator.tls.PeerCheck;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;

import java.util.function.Supplier;

/**
 * Mutual TLS for the Raft group's gRPC traffic (server, client and admin channels). Ratis builds its Netty TLS
 * contexts once, from the node's key manager and trust manager: both read the node's current certificate and
 * trusted CAs on every handshake, so renewal and CA rotation need no restart. A peer must hold a manager's
 * certificate of the cluster CA, and the state must not list it as a worker (a demoted manager).
 */
final class RaftTls {
    private RaftTls() {
    }

    static Parameters parameters(NodeTls tls, Supplier<ClusterState> state) {
        PeerCheck check = PeerCheck.manager().and(peer -> {
            ClusterState s = state.get();
            Node n = s == null ? null : s.node(peer.nodeId());
            return n != null && !n.isManager() ? "node " + peer.nodeId() + " is no longer a manager" : null;
        });
        Parameters p = new Parameters();
        GrpcConfigKeys.TLS.setConf(p, new GrpcTlsConfig(tls.keyManager(), tls.trustManager(check), true));
        return p;
    }
}
