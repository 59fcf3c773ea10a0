package dev.flotilla.orchestrator.security;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Random identifiers and secrets, their hashes, and constant-time comparison. */
public final class Secrets {
    private static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {
    }

    /** {@code bytes} random bytes as lowercase base 36, left-padded with zeros to {@code width} characters. */
    public static String randomBase36(int bytes, int width) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return base36(b, width);
    }

    public static String base36(byte[] bytes, int width) {
        String s = new BigInteger(1, bytes).toString(36);
        if (s.length() > width) {
            return s.substring(s.length() - width);
        }
        return "0".repeat(width - s.length()) + s;
    }

    /** A 25-character id like Swarm's node and cluster ids (128 bits of randomness). */
    public static String newId() {
        return randomBase36(16, 25);
    }

    public static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** Compares two hashes without leaking where they differ through timing. */
    public static boolean sameHash(String expected, String actual) {
        if (expected == null || actual == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), actual.getBytes(StandardCharsets.US_ASCII));
    }
}
