package dev.flotilla.orchestrator.api;

import java.util.Objects;

/**
 * A root CA of the cluster as the replicated state holds it.
 *
 * @param certificate the root certificate (PEM)
 * @param fingerprint its SHA-256 ({@code sha256:...}), what nodes report for the root that issued their certificate
 * @param key         its private key sealed with the managers' cluster key; null for the root made at {@code init},
 *                    whose key each manager keeps in its data dir ({@code tls/ca.key})
 */
public record RootCa(String certificate, String fingerprint, SealedSecret key) {
    /** What a root key is sealed for (the additional data of the sealing). */
    public static final String PURPOSE = "flotilla-root-ca-key";

    public RootCa {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    @Override
    public String toString() {
        return "RootCa[" + fingerprint + "]";
    }
}
