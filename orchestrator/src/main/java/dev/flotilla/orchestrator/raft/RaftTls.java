package dev.flotilla.orchestrator.raft;

import dev.flotilla.orchestrator.tls.NodeTls;
import dev.flotilla.orchestrator.tls.PeerCheck;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;

import java.util.function.Predicate;

/**
 * Mutual TLS for the Raft group's gRPC traffic (server, client and admin channels). Ratis builds its Netty TLS
 * contexts once, from the node's key manager and trust manager: both read the node's current certificate and
 * trusted CAs on every handshake, so renewal and CA rotation need no restart. A peer must hold a manager's
 * certificate of the cluster CA, and be in the group's configuration or not listed as a worker by the state (a
 * demoted manager that has left the group is refused even while its old manager certificate is valid).
 */
final class RaftTls {
    private RaftTls() {
    }

    static Parameters parameters(NodeTls tls, Predicate<String> mayTalk) {
        PeerCheck check = PeerCheck.manager().and(peer -> mayTalk.test(peer.nodeId()) ? null
                : "node " + peer.nodeId() + " is no longer a manager");
        Parameters p = new Parameters();
        GrpcConfigKeys.TLS.setConf(p, new GrpcTlsConfig(tls.keyManager(), tls.trustManager(check), true));
        return p;
    }
}
