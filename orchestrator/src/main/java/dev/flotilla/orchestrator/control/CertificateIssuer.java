package dev.flotilla.orchestrator.control;

import dev.flotilla.orchestrator.api.CaState;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.NodeDescription;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.pki.CertRole;
import dev.flotilla.orchestrator.pki.CertificateAuthority;
import dev.flotilla.orchestrator.pki.Pem;
import dev.flotilla.orchestrator.spec.Addresses;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ApiWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Issues node certificates on a manager: the node id and role come from the cluster state (never from the
 * request), the addresses from the node's description, the key from the node's certificate request.
 */
public final class CertificateIssuer {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateIssuer.class);
    private final String selfId;
    private final Supplier<Optional<CertificateAuthority>> authority;
    private final Supplier<CaState> roots;
    private final Supplier<Duration> validity;

    /**
     * @param authority the CA that issues now (during a CA rotation, the next root)
     * @param roots     the cluster state's root CAs (null before any rotation)
     * @param validity  how long a new certificate is valid (the cluster's {@code --cert-expiry})
     */
    public CertificateIssuer(String selfId, Supplier<Optional<CertificateAuthority>> authority, Supplier<CaState> roots,
                             Supplier<Duration> validity) {
        this.selfId = selfId;
        this.authority = authority;
        this.roots = roots;
        this.validity = validity;
    }

    /** The CA, or a refusal saying this manager cannot issue yet. */
    public CertificateAuthority authority() {
        return authority.get().orElseThrow(() -> new ApiProblem(ApiProblem.Kind.UNAVAILABLE, "NO_CA_KEY", "manager "
                + selfId + " does not hold the cluster CA key yet (it receives it with its first heartbeat as a"
                + " manager); retry, or ask another manager"));
    }

    public Optional<CertificateAuthority> authorityIfHeld() {
        return authority.get();
    }

    public ApiWire.IssuedCertificate issue(String request, String nodeId, NodeRole role, NodeDescription d) {
        CertificateAuthority ca = authority();
        try {
            var cert = ca.issue(request, nodeId, role == NodeRole.MANAGER ? CertRole.MANAGER : CertRole.WORKER,
                    hosts(d), validity.get(), Instant.now());
            LOG.info("{}: issued a {} certificate to node {}, valid until {}", selfId, role, nodeId, cert.getNotAfter()
                    .toInstant());
            CaState state = roots.get();
            List<X509Certificate> chain = new ArrayList<>(List.of(cert));
            if (state != null && !state.crossSigned().isEmpty()) {
                X509Certificate cross = Pem.certificate(state.crossSigned());
                if (cross.getSubjectX500Principal().equals(cert.getIssuerX500Principal())) {
                    chain.add(cross); // lets nodes that trust only the previous root accept this certificate
                }
            }
            return new ApiWire.IssuedCertificate(Pem.encode(chain), state == null ? Pem.encode(ca.certificate())
                    : String.join("", state.trusted()));
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest(e.getMessage());
        }
    }

    /** A renewal for a node of the state, with its current role. */
    public ApiWire.IssuedCertificate renew(Node node, String request) {
        return issue(request, node.id(), node.role(), node.description());
    }

    static List<String> hosts(NodeDescription d) {
        List<String> hosts = new ArrayList<>();
        for (String a : List.of(d.apiAddress(), d.raftAddress())) {
            try {
                String h = Addresses.host(a);
                if (!h.isEmpty() && !Addresses.isWildcard(h) && !hosts.contains(h)) {
                    hosts.add(h);
                }
            } catch (IllegalArgumentException e) {
                // an address the node described badly is left out of its certificate
            }
        }
        return hosts;
    }
}
