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
 */
public final class ClientTls {
    private final SSLContext context;
    private final SSLSocketFactory sockets;
    private final boolean verified;

    private ClientTls(SSLContext context, boolean verified) {
        this.context = context;
        // one factory per client: the JDK keeps connections alive only for the same factory object
        this.sockets = context.getSocketFactory();
        this.verified = verified;
    }

    /** Trusts managers certified by one of {@code cas}, presenting no certificate. */
    public static ClientTls trusting(List<X509Certificate> cas, PeerCheck server) {
        return new ClientTls(context(null, new ClusterTrust(new TrustAnchors(cas), server)), true);
    }

    static ClientTls of(KeyManager keys, TrustManager trust) {
        return new ClientTls(context(keys, trust), true);
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
        return new ClientTls(context(null, any), false);
    }

    /** The context itself, for clients other than sockets (the JDK's HttpClient). */
    public SSLContext context() {
        return context;
    }

    public SSLSocketFactory socketFactory() {
        return sockets;
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
