package dev.flotilla.orchestrator.tls;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * How a client opens TLS connections to flotilla nodes: whom it trusts, and (for a node) the certificate it
 * presents. The administrator's CLI trusts the cluster CA and presents no certificate: it sends its credential
 * over the server-authenticated connection.
 * <p>
 * A node's client follows its certificate: after a renewal it opens new connections with a new TLS context, so
 * neither a kept-alive connection nor a resumed TLS session goes on presenting the replaced certificate (which the
 * managers refuse once a CA rotation has finished, or once a demoted manager's role changed).
 */
public final class ClientTls {
    private record Built(long generation, SSLContext context, SSLSocketFactory sockets) {
    }

    private final NodeKeyManager keys;
    private final TrustManager trust;
    private final boolean verified;
    private volatile Built built;

    private ClientTls(NodeKeyManager keys, TrustManager trust, boolean verified) {
        this.keys = keys;
        this.trust = trust;
        this.verified = verified;
        this.built = build();
    }

    /** One context and factory per certificate: the JDK keeps connections alive only for the same factory object. */
    private Built build() {
        long generation = keys == null ? 0 : keys.generation();
        SSLContext c = context(keys, trust);
        return new Built(generation, c, c.getSocketFactory());
    }

    private Built current() {
        Built b = built;
        if (keys != null && b.generation() != keys.generation()) {
            synchronized (this) {
                b = built;
                if (b.generation() != keys.generation()) {
                    b = build();
                    built = b;
                }
            }
        }
        return b;
    }

    /** Trusts managers certified by one of {@code cas}, presenting no certificate. */
    public static ClientTls trusting(List<X509Certificate> cas, PeerCheck server) {
        return new ClientTls(null, new ClusterTrust(new TrustAnchors(cas), server), true);
    }

    static ClientTls of(NodeKeyManager keys, TrustManager trust) {
        return new ClientTls(keys, trust, true);
    }

    /**
     * Trusts any server. Used only by {@code join} to fetch the cluster CA, whose hash it then compares with the
     * token before it sends anything secret.
     */
    public static ClientTls unverified() {
        X509TrustManager any = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                throw new UnsupportedOperationException("client side only");
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                // deliberately none: the caller checks what it receives against the join token's hash
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        return new ClientTls(null, any, false);
    }

    /** The context itself, for clients other than sockets (the JDK's HttpClient). */
    public SSLContext context() {
        return current().context();
    }

    public SSLSocketFactory socketFactory() {
        return current().sockets();
    }

    /** False for {@link #unverified()}: nothing secret may be sent over it. */
    public boolean verified() {
        return verified;
    }

    static SSLContext context(KeyManager keys, TrustManager trust) {
        try {
            SSLContext c = SSLContext.getInstance("TLS");
            c.init(keys == null ? null : new KeyManager[]{keys}, new TrustManager[]{trust}, null);
            return c;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
        }
    }
}
