package dev.flotilla.orchestrator.security;

import java.security.cert.X509Certificate;
import java.util.List;

/**
 * What a request carries to prove who sent it: the bearer credential from the Authorization header and, once the
 * API speaks TLS, the verified client certificate chain. Authenticators read only this.
 */
public record CallerProof(String bearer, List<X509Certificate> clientCertificates) {
    public CallerProof {
        clientCertificates = clientCertificates == null ? List.of() : List.copyOf(clientCertificates);
    }

    public static CallerProof fromAuthorizationHeader(String header) {
        if (header == null) {
            return new CallerProof(null, List.of());
        }
        String h = header.trim();
        return new CallerProof(h.regionMatches(true, 0, "Bearer ", 0, 7) ? h.substring(7).trim() : h, List.of());
    }
}
