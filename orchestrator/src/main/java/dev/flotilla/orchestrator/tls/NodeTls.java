package dev.flotilla.orchestrator.tls;

import dev.flotilla.orchestrator.pki.NodeCertificate;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A node's TLS identity: its key and certificate, and the cluster CA certificates it trusts. Contexts made from it
 * follow {@link #renew} and {@link #trust} on their next handshake, so a renewed certificate or a rotated CA needs
 * no restart of the API server or the Raft transport.
 */
public final class NodeTls {
    private final NodeKeyManager keys;
    private final TrustAnchors anchors;
    /** Chains that passed {@link #refusal}; bounded (cleared when full). */
    private final java.util.Map<List<X509Certificate>, Verified> verified = new java.util.concurrent.ConcurrentHashMap<>();
    private static final int MAX_VERIFIED = 4096;

    public NodeTls(PrivateKey key, List<X509Certificate> chain, List<X509Certificate> cas) {
        this.keys = new NodeKeyManager(key, chain);
        this.anchors = new TrustAnchors(cas);
        if (NodeCertificate.read(chain.get(0)).isEmpty()) {
            throw new IllegalArgumentException("the certificate " + chain.get(0).getSubjectX500Principal()
                    + " is not a flotilla node certificate");
        }
    }

    /** The node's current certificate. */
    public X509Certificate certificate() {
        return keys.leaf();
    }

    /** The node's certificate, then any certificate that links it to a root (during a CA rotation). */
    public List<X509Certificate> chain() {
        return keys.chain();
    }

    public NodeCertificate identity() {
        return NodeCertificate.read(keys.leaf()).orElseThrow();
    }

    public List<X509Certificate> trusted() {
        return anchors.certificates();
    }

    public void renew(PrivateKey key, List<X509Certificate> chain) {
        keys.replace(key, chain);
    }

    public void trust(List<X509Certificate> cas) {
        anchors.replace(cas);
    }

    public KeyManager keyManager() {
        return keys;
    }

    /** Trusts cluster nodes that pass {@code check}. */
    public TrustManager trustManager(PeerCheck check) {
        return new ClusterTrust(anchors, check);
    }

    /**
     * For servers: presents this node's certificate. The API server asks for (but does not require) a client
     * certificate, which this context takes as offered; the API must check it with {@link #refusal} before
     * trusting it, so that a wrong, foreign or expired certificate gets a clear answer instead of a broken
     * connection. The visualizer's port asks for none.
     */
    public SSLContext serverContext() {
        return ClientTls.context(keys, new OfferedClientCertificates(anchors));
    }

    /**
     * Null when {@code chain} is a cluster node's valid chain; else why it is refused, in one line. The API asks on
     * every request of a kept-alive connection, so a chain that passed is remembered (the whole chain) until the
     * trusted roots change or a certificate of the chain leaves its validity period: a PKIX validation costs
     * signature checks, a lookup does not. Revocation is not decided here (a removed node is refused by the state).
     */
    public String refusal(List<X509Certificate> chain) {
        if (chain == null || chain.isEmpty()) {
            return "the peer presented no certificate";
        }
        Object roots = anchors.generation();
        long now = System.currentTimeMillis();
        Verified v = verified.get(chain);
        if (v != null && v.roots() == roots && now >= v.from() && now < v.until()) {
            return null;
        }
        String refusal = validate(chain);
        if (refusal == null) {
            if (verified.size() >= MAX_VERIFIED) {
                verified.clear();
            }
            long from = chain.stream().mapToLong(c -> c.getNotBefore().getTime()).max().orElse(now);
            long until = chain.stream().mapToLong(c -> c.getNotAfter().getTime()).min().orElse(now);
            verified.put(List.copyOf(chain), new Verified(roots, from, until));
        }
        return refusal;
    }

    private record Verified(Object roots, long from, long until) {
    }

    private String validate(List<X509Certificate> chain) {
        try {
            X509Certificate[] c = chain.toArray(X509Certificate[]::new);
            new ClusterTrust(anchors, PeerCheck.anyNode()).checkClientTrusted(c, c[0].getPublicKey().getAlgorithm());
            return null;
        } catch (java.security.cert.CertificateException e) {
            return e.getMessage();
        }
    }

    /** For calls from this node to servers that pass {@code server}, presenting this node's certificate. */
    public ClientTls client(PeerCheck server) {
        return ClientTls.of(keys, trustManager(server));
    }
}
