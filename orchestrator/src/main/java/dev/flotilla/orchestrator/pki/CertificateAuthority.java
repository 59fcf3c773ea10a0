package dev.flotilla.orchestrator.pki;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The cluster's root CA: a self-signed EC P-256 certificate made at {@code init}, and its key, which only managers
 * hold. It issues node certificates from certificate requests, with the node id, role and cluster chosen by the
 * managers and the node's addresses as subject alternative names.
 */
public final class CertificateAuthority {
    /** A root lives long (Swarm's lives 20 years); node certificates are short and renewed. */
    public static final Duration ROOT_VALIDITY = Duration.ofDays(20 * 365);
    public static final Duration DEFAULT_NODE_VALIDITY = Duration.ofDays(90);
    /** Node certificates start a little in the past, for clocks that are slightly behind. */
    private static final Duration BACKDATE = Duration.ofMinutes(5);
    private static final SecureRandom RANDOM = new SecureRandom();
    private final X509Certificate certificate;
    private final PrivateKey key;

    private CertificateAuthority(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    /** A new root for cluster {@code clusterId}. */
    public static CertificateAuthority create(String clusterId, Instant now) {
        return create(clusterId, "flotilla-root-ca", now);
    }

    /**
     * The root that replaces this one in a CA rotation: a new key, and a name of its own (a chain is built by
     * names, so the old and the new root must not share one).
     */
    public CertificateAuthority successor(Instant now) {
        return create(organisation(), "flotilla-root-ca-" + serial().toString(16).substring(0, 8), now);
    }

    /**
     * A certificate for {@code next}'s name and key, signed by this root: nodes that still trust only this root
     * accept certificates the next root issued when they come with it, which lets a rotation go node by node.
     */
    public X509Certificate crossSign(X509Certificate next, Instant now) {
        Instant notAfter = next.getNotAfter().toInstant();
        if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
            notAfter = certificate.getNotAfter().toInstant();
        }
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter), X500Name.getInstance(
                    next.getSubjectX500Principal().getEncoded()), next.getPublicKey())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(next.getPublicKey()));
            return sign(b, key);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot cross-sign the next root CA: " + e.getMessage(), e);
        }
    }

    private static CertificateAuthority create(String clusterId, String commonName, Instant now) {
        KeyPair keys = NodeKeys.generate();
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, clusterId)
                .addRDN(BCStyle.CN, commonName).build();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(ROOT_VALIDITY)), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(1))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(keys.getPublic()));
            return new CertificateAuthority(sign(b, keys.getPrivate()), keys.getPrivate());
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create the cluster CA: " + e.getMessage(), e);
        }
    }

    /** Whether {@code key} is the private key of the CA certificate {@code ca}. */
    public static boolean fits(X509Certificate ca, PrivateKey key) {
        return ca.getBasicConstraints() >= 0 && matches(ca.getPublicKey(), key);
    }

    /** A CA from its stored certificate and key; an error when they do not belong together. */
    public static CertificateAuthority of(X509Certificate certificate, PrivateKey key) {
        if (certificate.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("the certificate " + certificate.getSubjectX500Principal()
                    + " is not a CA certificate");
        }
        if (!matches(certificate.getPublicKey(), key)) {
            throw new IllegalArgumentException("the CA key does not belong to the CA certificate "
                    + CertDigest.of(certificate));
        }
        return new CertificateAuthority(certificate, key);
    }

    public X509Certificate certificate() {
        return certificate;
    }

    public PrivateKey key() {
        return key;
    }

    public String fingerprint() {
        return CertDigest.of(certificate);
    }

    /**
     * Issues a node certificate for the key in {@code requestPem}. The request's own subject is ignored: the
     * managers decide who the node is.
     *
     * @param addresses host names or IP addresses the node is reached on (subject alternative names)
     */
    public X509Certificate issue(String requestPem, String nodeId, CertRole role, List<String> addresses,
                                 Duration validity, Instant now) {
        PublicKey nodeKey = verifiedKey(requestPem);
        String clusterId = organisation();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, clusterId)
                .addRDN(BCStyle.OU, role.unit()).addRDN(BCStyle.CN, nodeId).build();
        Instant notAfter = now.plus(validity);
        if (notAfter.isAfter(certificate.getNotAfter().toInstant())) {
            notAfter = certificate.getNotAfter().toInstant();
        }
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(certificate, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter), subject, nodeKey)
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                            new KeyPurposeId[]{KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(certificate))
                    .addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(nodeKey));
            GeneralNames sans = alternativeNames(addresses);
            if (sans != null) {
                b.addExtension(Extension.subjectAlternativeName, false, sans);
            }
            return sign(b, key);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue a certificate for node " + nodeId + ": " + e.getMessage(), e);
        }
    }

    private String organisation() {
        X500Name n = new X500Name(certificate.getSubjectX500Principal().getName());
        return n.getRDNs(BCStyle.O).length == 0 ? "" : n.getRDNs(BCStyle.O)[0].getFirst().getValue().toString();
    }

    /** The public key of a certificate request whose signature proves its holder has the private key. */
    static PublicKey verifiedKey(String requestPem) {
        List<byte[]> ders = Pem.blocks(requestPem, Pem.REQUEST);
        if (ders.isEmpty()) {
            throw new IllegalArgumentException("no certificate request found (expected -----BEGIN CERTIFICATE"
                    + " REQUEST-----)");
        }
        try {
            JcaPKCS10CertificationRequest csr = new JcaPKCS10CertificationRequest(ders.get(0));
            PublicKey pub = csr.getPublicKey();
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(pub))) {
                throw new IllegalArgumentException("the certificate request's signature does not match its key");
            }
            if (!"EC".equals(pub.getAlgorithm())) {
                throw new IllegalArgumentException("the certificate request's key is " + pub.getAlgorithm()
                        + "; nodes use EC P-256 keys");
            }
            return pub;
        } catch (IOException | GeneralSecurityException | OperatorCreationException | PKCSException
                 | IllegalStateException e) {
            throw new IllegalArgumentException("the certificate request cannot be read (" + e.getMessage() + ")");
        }
    }

    private static GeneralNames alternativeNames(List<String> addresses) {
        List<GeneralName> names = new ArrayList<>();
        for (String a : new LinkedHashSet<>(addresses)) {
            if (a == null || a.isBlank()) {
                continue;
            }
            boolean ip = a.matches("[0-9.]+") || a.contains(":");
            names.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, a));
        }
        return names.isEmpty() ? null : new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey by) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder(NodeKeys.SIGNATURE).build(by)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e.getMessage(), e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static boolean matches(PublicKey pub, PrivateKey key) {
        try {
            byte[] probe = "flotilla-ca-check".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            Signature s = Signature.getInstance(NodeKeys.SIGNATURE);
            s.initSign(key);
            s.update(probe);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(NodeKeys.SIGNATURE);
            v.initVerify(pub);
            v.update(probe);
            return v.verify(sig);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
