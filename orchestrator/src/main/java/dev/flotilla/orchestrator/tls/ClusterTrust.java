package dev.flotilla.orchestrator.tls;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * Trusts a peer whose chain leads to one of the cluster's CA certificates (and is in its validity period) and
 * whose node certificate passes {@link PeerCheck}. Host names are not compared: nodes move between addresses, and
 * who a peer is comes from its certificate (node id and role), as in Swarm.
 */
final class ClusterTrust extends X509ExtendedTrustManager {
    private final TrustAnchors anchors;
    private final PeerCheck check;

    ClusterTrust(TrustAnchors anchors, PeerCheck check) {
        this.anchors = anchors;
        this.check = check;
    }

    private void verify(X509Certificate[] chain, String authType, boolean client) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the peer presented no certificate");
        }
        try {
            if (client) {
                anchors.pkix().checkClientTrusted(chain, authType);
            } else {
                anchors.pkix().checkServerTrusted(chain, authType);
            }
        } catch (CertificateException e) {
            throw new CertificateException(Refusals.describe(chain[0], e), e);
        }
        String refusal = check.refusal(chain[0]);
        if (refusal != null) {
            throw new CertificateException(refusal);
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain, authType, true);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        verify(chain, authType, false);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        verify(chain, authType, true);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        verify(chain, authType, false);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        verify(chain, authType, true);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        verify(chain, authType, false);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return anchors.certificates().toArray(X509Certificate[]::new);
    }
}
