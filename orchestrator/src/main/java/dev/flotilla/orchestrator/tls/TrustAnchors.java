package dev.flotilla.orchestrator.tls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The cluster CA certificates a node trusts, replaceable while TLS contexts built on them stay in use (CA
 * rotation trusts the old and the new root for a while). Chains are verified by the JDK's PKIX trust manager.
 */
public final class TrustAnchors {
    private record Current(List<X509Certificate> cas, X509TrustManager pkix) {
    }

    private volatile Current current;

    public TrustAnchors(List<X509Certificate> cas) {
        replace(cas);
    }

    public void replace(List<X509Certificate> cas) {
        if (cas == null || cas.isEmpty()) {
            throw new IllegalArgumentException("a node needs at least one cluster CA certificate to trust");
        }
        current = new Current(List.copyOf(cas), pkix(cas));
    }

    public List<X509Certificate> certificates() {
        return current.cas();
    }

    /** Changes (by identity) whenever the trusted roots are replaced. */
    Object generation() {
        return current;
    }

    X509TrustManager pkix() {
        return current.pkix();
    }

    private static X509TrustManager pkix(List<X509Certificate> cas) {
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            for (int i = 0; i < cas.size(); i++) {
                ks.setCertificateEntry("cluster-ca-" + i, cas.get(i));
            }
            TrustManagerFactory f = TrustManagerFactory.getInstance("PKIX");
            f.init(ks);
            for (TrustManager t : f.getTrustManagers()) {
                if (t instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new IllegalStateException("the JDK offers no X.509 trust manager");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a trust store of the cluster CA: " + e.getMessage(), e);
        }
    }
}
