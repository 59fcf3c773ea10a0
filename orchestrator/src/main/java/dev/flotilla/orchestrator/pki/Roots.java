package dev.flotilla.orchestrator.pki;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/** Which of the roots a node trusts signed a certificate: during a CA rotation, the old or the new one. */
public final class Roots {
    private Roots() {
    }

    /** The root among {@code roots} whose key signed {@code leaf}, if any. */
    public static Optional<X509Certificate> issuerOf(X509Certificate leaf, List<X509Certificate> roots) {
        for (X509Certificate root : roots) {
            if (!leaf.getIssuerX500Principal().equals(root.getSubjectX500Principal())) {
                continue;
            }
            try {
                leaf.verify(root.getPublicKey());
                return Optional.of(root);
            } catch (GeneralSecurityException e) {
                // same name, another key: not this root
            }
        }
        return Optional.empty();
    }
}
