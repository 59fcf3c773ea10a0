package dev.flotilla.shipper.output.beats;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * JDK {@link SSLContext}s from PEM files: CA certificates to trust, and a certificate chain with its unencrypted
 * private key (PKCS#8 {@code PRIVATE KEY}, or PKCS#1 {@code RSA PRIVATE KEY}). No third-party crypto library.
 */
public final class PemTls {
    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s]*?)-----END \\1-----");
    private static final char[] NO_PASSWORD = new char[0];

    private PemTls() {
    }

    /** The context a Beats client uses: trust per the settings, and the client certificate when one is given. */
    public static SSLContext clientContext(TlsSettings tls) throws IOException {
        try {
            TrustManager[] trust = tls.verificationMode() == TlsSettings.VerificationMode.NONE
                    ? new TrustManager[] {new TrustAll()}
                    : trustManagers(tls.certificateAuthorities());
            KeyManager[] keys = tls.certificate() == null ? null : keyManagers(tls.certificate(), tls.key());
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, trust, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /**
     * The context a server uses: its certificate and key; when {@code clientCas} is not empty, clients must present a
     * certificate signed by one of them (see {@link #requireClientAuth(SSLEngine)} and the server socket settings).
     */
    public static SSLContext serverContext(Path certificate, Path key, List<Path> clientCas) throws IOException {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keyManagers(certificate, key), clientCas.isEmpty() ? null : trustManagers(clientCas), null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up TLS: " + e.getMessage(), e);
        }
    }

    /** Makes a server engine demand a client certificate. */
    public static SSLEngine requireClientAuth(SSLEngine engine) {
        engine.setNeedClientAuth(true);
        return engine;
    }

    /** Every certificate in a PEM file, in order. */
    public static List<X509Certificate> readCertificates(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Matcher m = BLOCK.matcher(text);
            while (m.find()) {
                if (m.group(1).equals("CERTIFICATE")) {
                    out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(decode(file, m.group(2)))));
                }
            }
        } catch (GeneralSecurityException e) {
            throw new IOException(file + ": a certificate block is not a valid X.509 certificate: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new IOException(file + ": no '-----BEGIN CERTIFICATE-----' block found; give a PEM certificate file");
        }
        return out;
    }

    /** The one private key in a PEM file. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String kind = m.group(1);
            switch (kind) {
                case "PRIVATE KEY":
                    return pkcs8(file, decode(file, m.group(2)));
                case "RSA PRIVATE KEY":
                    return pkcs8(file, wrapPkcs1(decode(file, m.group(2))));
                case "ENCRYPTED PRIVATE KEY":
                    throw new IOException(file + ": the private key is encrypted; give an unencrypted PKCS#8 key, "
                            + "for example: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-plain.pem");
                case "EC PRIVATE KEY":
                    throw new IOException(file + ": SEC1 'EC PRIVATE KEY' is not read here; convert it to PKCS#8: "
                            + "openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-pkcs8.pem");
                default:
                    break;
            }
        }
        throw new IOException(file + ": no '-----BEGIN PRIVATE KEY-----' block found; give a PEM private key");
    }

    private static TrustManager[] trustManagers(List<Path> cas) throws IOException, GeneralSecurityException {
        if (cas.isEmpty()) {
            return null;
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        int i = 0;
        for (Path ca : cas) {
            for (X509Certificate c : readCertificates(ca)) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return tmf.getTrustManagers();
    }

    private static KeyManager[] keyManagers(Path certificate, Path key) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = readCertificates(certificate);
        PrivateKey pk = readPrivateKey(key);
        if (!chain.get(0).getPublicKey().getAlgorithm().equals(pk.getAlgorithm())) {
            throw new IOException(key + ": a " + pk.getAlgorithm() + " key does not match the "
                    + chain.get(0).getPublicKey().getAlgorithm() + " certificate in " + certificate);
        }
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("key", pk, NO_PASSWORD, chain.toArray(new Certificate[0]));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, NO_PASSWORD);
        return kmf.getKeyManagers();
    }

    private static PrivateKey pkcs8(Path file, byte[] der) throws IOException {
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448", "RSASSA-PSS", "DSA"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(spec);
            } catch (GeneralSecurityException e) {
                // not this algorithm: try the next one
            }
        }
        throw new IOException(file + ": the private key is not an RSA, EC, EdDSA or DSA PKCS#8 key the JDK can read");
    }

    private static byte[] decode(Path file, String base64) throws IOException {
        try {
            return Base64.getMimeDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": a PEM block has invalid base64: " + e.getMessage(), e);
        }
    }

    /** PKCS#8 PrivateKeyInfo around a PKCS#1 RSAPrivateKey: version 0, rsaEncryption with NULL params, the key. */
    private static byte[] wrapPkcs1(byte[] pkcs1) {
        byte[] algId = {0x30, 0x0d, 0x06, 0x09, 0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01,
            0x01, 0x05, 0x00};
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0x02, 0x01, 0x00});
        body.writeBytes(algId);
        body.write(0x04);
        body.writeBytes(derLength(pkcs1.length));
        body.writeBytes(pkcs1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0x30);
        out.writeBytes(derLength(body.size()));
        out.writeBytes(body.toByteArray());
        return out.toByteArray();
    }

    private static byte[] derLength(int n) {
        if (n < 0x80) {
            return new byte[] {(byte) n};
        } else if (n < 0x100) {
            return new byte[] {(byte) 0x81, (byte) n};
        } else if (n < 0x10000) {
            return new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n};
        }
        return new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    }

    /** verification_mode none: encrypts but accepts any server certificate. */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
