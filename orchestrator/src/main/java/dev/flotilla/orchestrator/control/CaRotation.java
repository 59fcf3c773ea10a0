package dev.flotilla.orchestrator.control;

import dev.flotilla.orchestrator.api.CaState;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.RootCa;
import dev.flotilla.orchestrator.api.SealedSecret;
import dev.flotilla.orchestrator.pki.CertDigest;
import dev.flotilla.orchestrator.pki.CertificateAuthority;
import dev.flotilla.orchestrator.pki.Pem;
import dev.flotilla.orchestrator.security.ClusterKey;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ApiWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;

/**
 * {@code flotilla ca}: shows the cluster's root CA and the progress of a rotation, and starts one. Starting makes a
 * new root, has the current root cross-sign it, and writes both to the state with the new key sealed under the
 * cluster key; from then on the leader tells every node to trust both roots and to renew under the new one, and
 * finishes the rotation once all have (see the dispatcher).
 */
public final class CaRotation {
    private static final Logger LOG = LoggerFactory.getLogger(CaRotation.class);
    private final ManagerService service;

    public CaRotation(ManagerService service) {
        this.service = service;
    }

    public ApiWire.CaStatus rotate() {
        ClusterState s = service.read();
        if (s.ca() != null && s.ca().rotating()) {
            throw ApiProblem.conflict("a CA rotation is already in progress (" + s.caRotationProgress() + "); wait for it to"
                    + " finish: `flotilla ca` shows its progress");
        }
        ClusterKey key = service.clusterKey().orElseThrow(() -> new ApiProblem(ApiProblem.Kind.UNAVAILABLE,
                "NO_CLUSTER_KEY", "manager " + service.selfId() + " does not hold the cluster key yet; retry"));
        CertificateAuthority current = service.certificates().authority();
        Instant now = Instant.now();
        CertificateAuthority next = current.successor(now);
        X509Certificate cross = current.crossSign(next.certificate(), now);
        RootCa currentRoot = s.ca() != null ? s.ca().current() : root(current, null);
        RootCa nextRoot = root(next, key.seal(RootCa.PURPOSE, Pem.encode(next.key())));
        service.write(new Command.StartCaRotation(currentRoot, nextRoot, Pem.encode(cross), ManagerService.now()));
        LOG.info("{}: started a CA rotation from {} to {}", service.selfId(), currentRoot.fingerprint(),
                nextRoot.fingerprint());
        return status();
    }

    private static RootCa root(CertificateAuthority ca, SealedSecret key) {
        return new RootCa(Pem.encode(ca.certificate()), CertDigest.of(ca.certificate()), key);
    }

    public ApiWire.CaStatus status() {
        ClusterState s = service.read();
        CaState ca = s.ca();
        String root = ca != null ? ca.current().certificate()
                : Pem.encode(service.certificates().authority().certificate());
        List<Node> waiting = s.awaitingNextRoot();
        return new ApiWire.CaStatus(root, CertDigest.of(Pem.certificate(root)), s.fingerprint(),
                ca != null && ca.rotating(), ca != null && ca.rotating() ? ca.next().fingerprint() : "",
                s.nodes().size(), s.nodes().size() - waiting.size(),
                waiting.stream().map(n -> n.hostname() + " (" + n.status().name().toLowerCase() + ")").toList());
    }
}
