package dev.flotilla.orchestrator.tls;

import javax.net.ssl.X509TrustManager;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * The API server's trust manager: it verifies nothing about a client's certificate during the handshake (the
 * server checks the chain before it uses it, see {@link NodeTls#refusal}) and names the cluster CAs as acceptable
 * issuers. It never trusts a server: it is for the server side only.
 */
final class OfferedClientCertificates implements X509TrustManager {
    private final TrustAnchors anchors;

    OfferedClientCertificates(TrustAnchors anchors) {
        this.anchors = anchors;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {
        // verified later, per request, so that the refusal can be explained
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("this trust manager serves the API server only");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return anchors.certificates().toArray(X509Certificate[]::new);
    }
}
