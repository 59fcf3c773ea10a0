package dev.flotilla.orchestrator.daemon;

import dev.flotilla.orchestrator.client.ApiClient;
import dev.flotilla.orchestrator.pki.CertDigest;
import dev.flotilla.orchestrator.pki.Pem;
import dev.flotilla.orchestrator.security.JoinToken;
import dev.flotilla.orchestrator.tls.ClientTls;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ApiWire;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

/**
 * The first step of a join, before anything secret is sent: fetch the cluster CA from the manager over a TLS
 * connection that trusts nobody yet, and keep it only if its hash is the one in the join token. An impostor manager
 * (or a token for another cluster) is refused here; the token's secret never reaches it.
 */
final class CaPinning {
    private CaPinning() {
    }

    /** The cluster's CA certificates, the root the token pins among them. */
    static List<X509Certificate> fetch(List<String> managers, JoinToken token) {
        ApiClient unverified = new ApiClient(managers, ClientTls.unverified(), null, Duration.ofSeconds(10));
        ApiWire.CaCertificates reply = unverified.get("/v1/ca", ApiWire.CaCertificates.class);
        String from = unverified.lastManager();
        List<X509Certificate> cas;
        try {
            cas = Pem.certificates(reply.certificates());
        } catch (IllegalArgumentException e) {
            throw refused(from, "sent no usable CA certificate (" + e.getMessage() + ")");
        }
        List<X509Certificate> pinned = cas.stream().filter(token::pins).toList();
        if (pinned.isEmpty()) {
            throw refused(from, "presented a CA (" + CertDigest.of(cas.get(0)) + ") whose hash is not the one in the"
                    + " join token");
        }
        // only the root the token pins is trusted; the leader names any other (a CA rotation's) after the join
        return pinned;
    }

    private static ApiProblem refused(String manager, String what) {
        return new ApiProblem(ApiProblem.Kind.UNAUTHORIZED, "CA_MISMATCH", "refusing to join: the manager at "
                + manager + " " + what + ". It may be an impostor posing as a manager, or the token is for another"
                + " cluster, or was made before the cluster's CA was rotated (a rotation changes the tokens). Nothing"
                + " secret was sent. Check the address, and get the token again with `flotilla join-token worker`"
                + " (or manager) on a manager you trust");
    }
}
