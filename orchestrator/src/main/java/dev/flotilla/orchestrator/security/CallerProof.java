package dev.flotilla.orchestrator.security;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a request carries to prove who sent it: the bearer credential from the Authorization header, and the
 * client certificate chain the TLS handshake verified against the cluster CA (empty when the client sent none).
 * Authenticators read only this.
 */
public record CallerProof(String bearer, List<X509Certificate> clientCertificates) {
    public CallerProof {
        clientCertificates = clientCertificates == null ? List.of() : List.copyOf(clientCertificates);
    }

    public static CallerProof fromAuthorizationHeader(String header) {
        return of(header, List.of());
    }

    public static CallerProof of(String authorizationHeader, List<X509Certificate> clientCertificates) {
        String bearer = null;
        if (authorizationHeader != null) {
            String h = authorizationHeader.trim();
            bearer = h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : h;
        }
        return new CallerProof(bearer, clientCertificates);
    }

    public boolean hasCertificate() {
        return !clientCertificates.isEmpty();
    }
}
