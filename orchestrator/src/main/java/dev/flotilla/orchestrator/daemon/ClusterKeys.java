package dev.flotilla.orchestrator.daemon;

import dev.flotilla.orchestrator.api.CaState;
import dev.flotilla.orchestrator.api.RootCa;
import dev.flotilla.orchestrator.identity.DataDir;
import dev.flotilla.orchestrator.identity.DataDirException;
import dev.flotilla.orchestrator.pki.CertificateAuthority;
import dev.flotilla.orchestrator.pki.Pem;
import dev.flotilla.orchestrator.security.ClusterKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * This node's copy of the managers' secrets, the cluster key and the cluster CA's key: read once from the data dir,
 * and saved there when a manager hands them over (at join, or in a heartbeat reply once the node is a manager). A
 * worker has neither.
 */
final class ClusterKeys {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterKeys.class);
    private final DataDir dir;
    private final String who;
    private volatile ClusterKey key;
    private volatile CertificateAuthority authority;
    private volatile Opened opened;

    ClusterKeys(DataDir dir, String who) {
        this.dir = dir;
        this.who = who;
    }

    Optional<ClusterKey> get() {
        ClusterKey k = key;
        if (k == null) {
            try {
                k = dir.clusterKey().orElse(null);
                key = k;
            } catch (DataDirException e) {
                LOG.error("{}: {}", who, e.getMessage());
            }
        }
        return Optional.ofNullable(k);
    }

    /** A manager sent the key ({@code encoded}, base64): keep it unless this node already has one. */
    void received(String encoded) {
        if (encoded == null || encoded.isEmpty() || get().isPresent()) {
            return;
        }
        try {
            ClusterKey k = ClusterKey.decode(encoded);
            dir.saveClusterKey(k);
            key = k;
            LOG.info("{}: received the managers' cluster key {}", who, k.id());
        } catch (IOException | IllegalArgumentException e) {
            LOG.error("{}: could not keep the cluster key a manager sent: {}", who, e.getMessage());
        }
    }

    /** The cluster CA with its key, when this node is a manager that holds it. */
    Optional<CertificateAuthority> authority() {
        CertificateAuthority a = authority;
        if (a == null) {
            try {
                a = dir.tls().authority().orElse(null);
                authority = a;
            } catch (DataDirException e) {
                LOG.error("{}: {}", who, e.getMessage());
            }
        }
        return Optional.ofNullable(a);
    }

    /**
     * The CA that issues node certificates in {@code state}: the root the state holds with its sealed key once a
     * rotation started (opened with the cluster key), else the root in this manager's data dir.
     */
    Optional<CertificateAuthority> authority(CaState state) {
        RootCa issuing = state == null ? null : state.issuing();
        if (issuing == null || issuing.key() == null) {
            return authority();
        }
        Opened o = opened;
        if (o != null && o.root().equals(issuing)) {
            return Optional.of(o.ca());
        }
        Optional<ClusterKey> k = get();
        if (k.isEmpty()) {
            return Optional.empty();
        }
        try {
            CertificateAuthority ca = CertificateAuthority.of(Pem.certificate(issuing.certificate()),
                    Pem.privateKey(k.get().open(RootCa.PURPOSE, issuing.key())));
            opened = new Opened(issuing, ca);
            return Optional.of(ca);
        } catch (IllegalArgumentException e) {
            LOG.error("{}: cannot open the key of root CA {}: {}", who, issuing.fingerprint(), e.getMessage());
            return Optional.empty();
        }
    }

    private record Opened(RootCa root, CertificateAuthority ca) {
    }

    /** The CA key as a manager hands it to another, PEM. */
    Optional<String> authorityKey() {
        return authority().map(a -> Pem.encode(a.key()));
    }

    /** A manager sent the CA key ({@code pem}): keep it unless this node already has it, and only if it fits the CA. */
    void receivedCaKey(String pem) {
        if (pem == null || pem.isEmpty() || authority().isPresent()) {
            return;
        }
        try {
            java.security.PrivateKey key = Pem.privateKey(pem);
            List<X509Certificate> trusted = dir.tls().load().trusted();
            if (trusted.stream().noneMatch(c -> CertificateAuthority.fits(c, key))) {
                throw new IllegalArgumentException("the key belongs to none of the CA certificates this node trusts");
            }
            dir.tls().saveCaKey(key);
            authority = dir.tls().authority().orElse(null);
            LOG.info("{}: received the cluster CA key", who);
        } catch (IOException | IllegalArgumentException | DataDirException e) {
            LOG.error("{}: could not keep the CA key a manager sent: {}", who, e.getMessage());
        }
    }
}
