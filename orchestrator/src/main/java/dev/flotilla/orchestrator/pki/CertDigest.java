package dev.flotilla.orchestrator.pki;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** The SHA-256 of a certificate's DER encoding, as people compare it ({@code sha256:ab12...}). */
public final class CertDigest {
    private CertDigest() {
    }

    public static byte[] sha256(X509Certificate c) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(c.getEncoded());
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash certificate " + c.getSubjectX500Principal(), e);
        }
    }

    public static String of(X509Certificate c) {
        return "sha256:" + HexFormat.of().formatHex(sha256(c));
    }
}
