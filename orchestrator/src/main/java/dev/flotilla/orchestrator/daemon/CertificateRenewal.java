package dev.flotilla.orchestrator.daemon;

import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.client.ApiClient;
import dev.flotilla.orchestrator.identity.TlsFiles;
import dev.flotilla.orchestrator.pki.CertDigest;
import dev.flotilla.orchestrator.pki.CertRole;
import dev.flotilla.orchestrator.pki.NodeCertificate;
import dev.flotilla.orchestrator.pki.NodeKeys;
import dev.flotilla.orchestrator.pki.Pem;
import dev.flotilla.orchestrator.pki.Roots;
import dev.flotilla.orchestrator.tls.ClientTls;
import dev.flotilla.orchestrator.tls.NodeTls;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ApiWire;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Keeps the node's certificate current without a restart: a new key and certificate once 60% of the certificate's
 * lifetime has passed, or at once when the cluster changed the node's role (promotion, demotion). The new key is
 * made here and never leaves the node; the running API server, clients and Raft transport pick up the new
 * certificate at their next handshake.
 */
final class CertificateRenewal {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateRenewal.class);
    static final double RENEW_AT = 0.6;
    private static final long RETRY_NANOS = Duration.ofSeconds(5).toNanos();
    private final String who;
    private final TlsFiles files;
    private final NodeTls tls;
    private final Supplier<ClientTls> client;
    private final Supplier<List<String>> managers;
    private volatile long lastAttempt;
    private volatile String issuer;
    /** The roots the leader named last, as sent: the same text on every heartbeat is not parsed again. */
    private volatile String lastRoots = "";

    CertificateRenewal(String who, TlsFiles files, NodeTls tls, Supplier<ClientTls> client,
                       Supplier<List<String>> managers) {
        this.who = who;
        this.files = files;
        this.tls = tls;
        this.client = client;
        this.managers = managers;
    }

    /** True when the certificate states {@code role} (renewing it first if needed and possible). */
    boolean ensure(NodeRole role) {
        return ensure(role, "");
    }

    /**
     * True when the certificate states {@code role}, renewing it first if needed and possible: for a role change,
     * before expiry, or when it does not come from the root {@code issuer} (a CA rotation; "" = any trusted root).
     */
    boolean ensure(NodeRole role, String issuer) {
        NodeCertificate current = tls.identity();
        CertRole wanted = role == NodeRole.MANAGER ? CertRole.MANAGER : CertRole.WORKER;
        boolean roleChanged = current.role() != wanted;
        boolean otherRoot = !issuer.isEmpty() && !issuer.equals(issuer());
        // a chain that still links to a retired root (a CA rotation has finished): renewed without the link
        boolean retiredLink = !issuer.isEmpty() && tls.chain().size() > 1 && tls.trusted().size() == 1;
        if (!roleChanged && !otherRoot && !retiredLink && !current.pastFraction(RENEW_AT, Instant.now())) {
            return true;
        }
        if (!roleChanged && System.nanoTime() - lastAttempt < RETRY_NANOS) {
            return true;
        }
        lastAttempt = System.nanoTime();
        try {
            renew(roleChanged ? "the node is now a " + wanted.unit()
                    : otherRoot ? "the cluster's CA is being rotated to " + issuer
                    : retiredLink ? "the CA rotation to " + issuer + " finished"
                    : "it expires on " + current.notAfter());
            return tls.identity().role() == wanted;
        } catch (ApiProblem | IOException | IllegalArgumentException e) {
            LOG.warn("{}: could not renew this node's certificate yet: {}", who, e.getMessage());
            return !roleChanged;
        }
    }

    /** The fingerprint of the trusted root that issued this node's certificate, "" when none of them did. */
    String issuer() {
        String known = issuer;
        if (known == null) {
            known = Roots.issuerOf(tls.certificate(), tls.trusted()).map(CertDigest::of).orElse("");
            issuer = known;
        }
        return known;
    }

    /** The leader names the roots to trust ({@code pems}, "" = no change): kept in memory and in the data dir. */
    void trust(String pems) throws IOException {
        if (pems.isEmpty() || pems.equals(lastRoots)) {
            return;
        }
        List<X509Certificate> roots = Pem.certificates(pems);
        if (roots.equals(tls.trusted())) {
            lastRoots = pems;
            return;
        }
        files.saveTrusted(roots);
        tls.trust(roots);
        lastRoots = pems;
        issuer = null;
        LOG.info("{}: now trusts the root CA(s) {}", who, String.join(", ", roots.stream().map(CertDigest::of).toList()));
    }

    private void renew(String why) throws IOException {
        KeyPair keys = NodeKeys.generate();
        ApiWire.IssuedCertificate issued = new ApiClient(managers.get(), client.get(), null, Duration.ofSeconds(5))
                .post("/v1/agent/certificate", new ApiWire.CertificateRequest(NodeKeys.request(keys)),
                        ApiWire.IssuedCertificate.class);
        List<X509Certificate> chain = Pem.certificates(issued.certificate());
        if (!chain.get(0).getPublicKey().equals(keys.getPublic())) {
            throw new IOException("a manager answered the renewal with a certificate for another key");
        }
        files.saveIdentity(keys.getPrivate(), chain, tls.trusted());
        tls.renew(keys.getPrivate(), chain);
        NodeCertificate now = tls.identity();
        issuer = null;
        LOG.info("{}: renewed this node's certificate ({}): role {}, valid until {}", who, why, now.role().unit(),
                now.notAfter());
    }
}
