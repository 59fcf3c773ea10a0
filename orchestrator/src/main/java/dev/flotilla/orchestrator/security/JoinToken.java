package dev.flotilla.orchestrator.security;

import dev.flotilla.orchestrator.pki.CertDigest;

import java.security.cert.X509Certificate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A join token in Swarm's shape: {@code SWMTKN-1-<cluster fingerprint>-<secret>}. The fingerprint (50 base-36
 * characters) names the cluster the token is for, so a token for another cluster is refused before its secret is
 * checked. It is the hash of the cluster's root CA certificate, as in Swarm: a joining node compares it with the CA
 * a manager presents before it sends the secret. The secret (25 base-36 characters)
 * decides the role; the cluster keeps only its SHA-256.
 */
public record JoinToken(String fingerprint, String secret) {
    public static final String PREFIX = "SWMTKN-1-";
    public static final int FINGERPRINT_LENGTH = 50;
    public static final int SECRET_LENGTH = 25;
    private static final Pattern SHAPE = Pattern.compile("SWMTKN-1-([0-9a-z]{50})-([0-9a-z]{25})");

    public static JoinToken generate(String fingerprint) {
        return new JoinToken(fingerprint, Secrets.randomBase36(16, SECRET_LENGTH));
    }

    /** Parses a token, saying precisely what is wrong with a malformed one. */
    public static JoinToken parse(String text) {
        String t = text == null ? "" : text.trim();
        Matcher m = SHAPE.matcher(t);
        if (m.matches()) {
            return new JoinToken(m.group(1), m.group(2));
        }
        String why;
        if (t.isEmpty()) {
            why = "the token is empty";
        } else if (!t.startsWith(PREFIX)) {
            why = "it does not start with " + PREFIX;
        } else {
            String[] parts = t.substring(PREFIX.length()).split("-", -1);
            why = parts.length != 2 ? "it should have two parts after " + PREFIX + ", separated by '-'"
                    : "expected a " + FINGERPRINT_LENGTH + "-character fingerprint and a " + SECRET_LENGTH
                    + "-character secret of lowercase letters and digits, got " + parts[0].length() + " and " + parts[1].length();
        }
        throw new IllegalArgumentException("invalid join token: " + why + ". Copy the whole token printed by"
                + " `flotilla join-token worker` (or manager) on a manager");
    }

    public String secretHash() {
        return Secrets.sha256Hex(secret);
    }

    /** The cluster fingerprint: the SHA-256 of the cluster's root CA certificate in base 36, 50 characters. */
    public static String fingerprintOf(X509Certificate rootCa) {
        return Secrets.base36(CertDigest.sha256(rootCa), FINGERPRINT_LENGTH);
    }

    /** True when {@code rootCa} is the CA this token pins. */
    public boolean pins(X509Certificate rootCa) {
        return Secrets.sameHash(fingerprint, fingerprintOf(rootCa));
    }

    @Override
    public String toString() {
        return PREFIX + fingerprint + "-" + secret;
    }
}
