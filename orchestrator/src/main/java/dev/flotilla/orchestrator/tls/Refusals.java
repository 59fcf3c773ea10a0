package dev.flotilla.orchestrator.tls;

import java.security.cert.X509Certificate;
import java.util.Date;

/** One-line reasons for a refused certificate, in the words a user can act on. */
final class Refusals {
    private Refusals() {
    }

    static String describe(X509Certificate leaf, Exception cause) {
        Date now = new Date();
        if (leaf.getNotAfter().before(now)) {
            return "the certificate of " + leaf.getSubjectX500Principal().getName() + " expired on "
                    + leaf.getNotAfter().toInstant();
        }
        if (leaf.getNotBefore().after(now)) {
            return "the certificate of " + leaf.getSubjectX500Principal().getName() + " is not valid before "
                    + leaf.getNotBefore().toInstant() + " (check the clocks)";
        }
        return "the certificate of " + leaf.getSubjectX500Principal().getName()
                + " was not issued by this cluster's CA (issuer " + leaf.getIssuerX500Principal().getName() + ")";
    }
}
