package dev.flotilla.shipper.config;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code output.logstash.ssl}: the CAs that sign Logstash's certificate, and an optional client certificate and
 * key (PEM) for mutual TLS.
 */
public record TlsConfig(boolean enabled, List<Path> certificateAuthorities, Path certificate, Path key,
                        VerificationMode verificationMode) {
    public static final TlsConfig DISABLED = new TlsConfig(false, List.of(), null, null, VerificationMode.FULL);

    /**
     * {@code full} and {@code strict} check the chain and the host name, {@code certificate} only the chain,
     * {@code none} nothing (tests only).
     */
    public enum VerificationMode { FULL, STRICT, CERTIFICATE, NONE }

    public TlsConfig {
        certificateAuthorities = List.copyOf(certificateAuthorities);
    }
}
