package dev.flotilla.orchestrator.api;

/**
 * A secret as the cluster state keeps it: sealed (AES-256-GCM) with the managers' cluster key, so neither the Raft
 * log nor a snapshot on disk holds it in clear. Only a manager holding the key can open it.
 *
 * @param keyId which cluster key sealed it (a short hash of the key, never the key)
 * @param nonce the GCM nonce, base64
 * @param data  the ciphertext and tag, base64
 */
public record SealedSecret(String keyId, String nonce, String data) {
    @Override
    public String toString() {
        return "SealedSecret[" + keyId + "]";
    }
}
