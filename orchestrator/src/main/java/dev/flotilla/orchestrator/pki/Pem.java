package dev.flotilla.orchestrator.pki;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** PEM text for certificates, PKCS#8 private keys and certificate requests, with errors that name what is wrong. */
public final class Pem {
    static final String CERTIFICATE = "CERTIFICATE";
    static final String PRIVATE_KEY = "PRIVATE KEY";
    static final String REQUEST = "CERTIFICATE REQUEST";
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");

    private Pem() {
    }

    public static String encode(X509Certificate c) {
        try {
            return block(CERTIFICATE, c.getEncoded());
        } catch (CertificateException e) {
            throw new IllegalStateException("cannot encode certificate " + c.getSubjectX500Principal(), e);
        }
    }

    public static String encode(List<X509Certificate> chain) {
        StringBuilder b = new StringBuilder();
        chain.forEach(c -> b.append(encode(c)));
        return b.toString();
    }

    public static String encode(PrivateKey key) {
        return block(PRIVATE_KEY, key.getEncoded());
    }

    static String block(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    /** The DER bodies of every block of {@code type}, in order. */
    static List<byte[]> blocks(String text, String type) {
        List<byte[]> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text == null ? "" : text);
        while (m.find()) {
            if (m.group(1).equals(type)) {
                try {
                    out.add(Base64.getMimeDecoder().decode(m.group(2)));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("a PEM " + type + " block is damaged (" + e.getMessage() + ")");
                }
            }
        }
        return out;
    }

    /** Every certificate in {@code text}; an error when there is none or one is damaged. */
    public static List<X509Certificate> certificates(String text) {
        List<byte[]> ders = blocks(text, CERTIFICATE);
        if (ders.isEmpty()) {
            throw new IllegalArgumentException("no PEM certificate found (expected -----BEGIN CERTIFICATE-----)");
        }
        List<X509Certificate> out = new ArrayList<>();
        for (byte[] der : ders) {
            out.add(certificate(der));
        }
        return out;
    }

    public static X509Certificate certificate(String text) {
        return certificates(text).get(0);
    }

    static X509Certificate certificate(byte[] der) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException e) {
            throw new IllegalArgumentException("a certificate cannot be read (" + e.getMessage() + ")");
        }
    }

    /** An EC private key in PKCS#8 PEM. */
    public static PrivateKey privateKey(String text) {
        List<byte[]> ders = blocks(text, PRIVATE_KEY);
        if (ders.isEmpty()) {
            throw new IllegalArgumentException("no PEM private key found (expected -----BEGIN PRIVATE KEY-----)");
        }
        try {
            return KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(ders.get(0)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("the private key cannot be read (" + e.getMessage() + ")");
        }
    }
}
