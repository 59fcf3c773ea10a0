package dev.flotilla.orchestrator.pki;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Optional;

/**
 * What a node certificate says: CN = node id, OU = role, O = cluster id; its serial and validity. Only the
 * fields; whether the certificate is trusted is decided by the TLS layer against the cluster CA.
 */
public record NodeCertificate(String nodeId, CertRole role, String clusterId, String serial, Instant notBefore,
                              Instant notAfter) {

    /** Reads a certificate issued by a cluster CA; empty when its subject is not a node's. */
    public static Optional<NodeCertificate> read(X509Certificate c) {
        String cn = null;
        String ou = null;
        String o = null;
        try {
            for (Rdn rdn : new LdapName(c.getSubjectX500Principal().getName()).getRdns()) {
                switch (rdn.getType().toUpperCase()) {
                    case "CN" -> cn = String.valueOf(rdn.getValue());
                    case "OU" -> ou = String.valueOf(rdn.getValue());
                    case "O" -> o = String.valueOf(rdn.getValue());
                    default -> { }
                }
            }
        } catch (InvalidNameException e) {
            return Optional.empty();
        }
        CertRole role = CertRole.ofUnit(ou);
        if (cn == null || role == null || o == null) {
            return Optional.empty();
        }
        return Optional.of(new NodeCertificate(cn, role, o, c.getSerialNumber().toString(16),
                c.getNotBefore().toInstant(), c.getNotAfter().toInstant()));
    }

    /** True once {@code fraction} of the lifetime has passed (renewal is due). */
    public boolean pastFraction(double fraction, Instant now) {
        long life = notAfter.toEpochMilli() - notBefore.toEpochMilli();
        return now.toEpochMilli() >= notBefore.toEpochMilli() + (long) (life * fraction);
    }
}
