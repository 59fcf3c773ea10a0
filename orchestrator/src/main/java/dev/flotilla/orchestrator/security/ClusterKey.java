package dev.flotilla.orchestrator.security;

import dev.flotilla.orchestrator.api.SealedSecret;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The managers' shared key for secrets kept in the cluster state (registry credentials). Made by {@code init},
 * kept in each manager's data dir (0600), handed to a node when it joins as a manager or is promoted. Seals with
 * AES-256-GCM, a fresh 96-bit nonce per secret, and the secret's purpose as associated data, so a sealed value
 * cannot be moved to another purpose.
 */
public final class ClusterKey {
    private static final int TAG_BITS = 128;
    private final byte[] key;
    private final String id;

    private ClusterKey(byte[] key) {
        if (key.length != 32) {
            throw new IllegalArgumentException("a cluster key has 32 bytes, not " + key.length);
        }
        this.key = key.clone();
        this.id = HexFormat.of().formatHex(Secrets.sha256(key)).substring(0, 12);
    }

    public static ClusterKey generate() {
        return new ClusterKey(Secrets.randomBytes(32));
    }

    /** Reads the base64 form {@link #encoded()} writes; a damaged key is an error that says so. */
    public static ClusterKey decode(String text) {
        try {
            return new ClusterKey(Base64.getDecoder().decode(text.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the cluster key is damaged (" + e.getMessage() + ")");
        }
    }

    public String encoded() {
        return Base64.getEncoder().encodeToString(key);
    }

    public String id() {
        return id;
    }

    public SealedSecret seal(String purpose, String plain) {
        byte[] nonce = Secrets.randomBytes(12);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, nonce);
            c.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            byte[] out = c.doFinal(plain.getBytes(StandardCharsets.UTF_8));
            return new SealedSecret(id, Base64.getEncoder().encodeToString(nonce), Base64.getEncoder().encodeToString(out));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("sealing a secret failed: " + e.getMessage(), e);
        }
    }

    /** The plain secret; an error when another key sealed it or it was altered. */
    public String open(String purpose, SealedSecret sealed) {
        if (!id.equals(sealed.keyId())) {
            throw new IllegalArgumentException("the secret was sealed with cluster key " + sealed.keyId()
                    + ", and this manager holds " + id);
        }
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, Base64.getDecoder().decode(sealed.nonce()));
            c.updateAAD(purpose.getBytes(StandardCharsets.UTF_8));
            return new String(c.doFinal(Base64.getDecoder().decode(sealed.data())), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("the sealed secret cannot be opened (altered, or for another purpose)");
        }
    }

    private Cipher cipher(int mode, byte[] nonce) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, new SecretKeySpec(key, "AES"), new GCMParameterSpec(TAG_BITS, nonce));
        return c;
    }

    @Override
    public String toString() {
        return "ClusterKey[" + id + "]";
    }
}
