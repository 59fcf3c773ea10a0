package dev.flotilla.shipper.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code output.logstash.ssl}: as in Filebeat, giving any ssl option turns TLS on unless {@code enabled: false}.
 * Files must exist and be readable at start, not at the first connection.
 */
final class TlsSchema {
    private TlsSchema() {
    }

    static TlsConfig read(Section ssl, Path baseDir) {
        boolean enabled = ssl.bool("enabled", !ssl.isEmpty());
        List<Path> cas = new ArrayList<>();
        List<String> caTexts = ssl.strings("certificate_authorities");
        for (int i = 0; i < caTexts.size(); i++) {
            cas.add(file(ssl, "certificate_authorities[" + i + "]", caTexts.get(i), baseDir));
        }
        String certText = ssl.string("certificate", null);
        String keyText = ssl.string("key", null);
        if (ssl.has("key_passphrase")) {
            ssl.problem("key_passphrase", "encrypted keys are not supported: give an unencrypted PKCS#8 key"
                    + " (openssl pkcs8 -topk8 -nocrypt -in key.pem -out key-plain.pem) readable only by the agent's user");
        }
        TlsConfig.VerificationMode mode = ssl.choice("verification_mode", TlsConfig.VerificationMode.FULL,
                TlsConfig.VerificationMode.class, AgentSchema::constantOf);
        Path cert = certText == null ? null : file(ssl, "certificate", certText, baseDir);
        Path key = keyText == null ? null : file(ssl, "key", keyText, baseDir);
        if (enabled && (cert == null) != (key == null)) {
            ssl.problem(cert == null ? "certificate" : "key", "a client certificate needs both ssl.certificate and ssl.key (PEM files)");
        }
        if (!enabled) {
            return TlsConfig.DISABLED;
        }
        return new TlsConfig(true, cas, cert, key, mode);
    }

    private static Path file(Section ssl, String key, String text, Path baseDir) {
        Path p = Path.of(text);
        if (!p.isAbsolute() && baseDir != null) {
            p = baseDir.resolve(p);
        }
        if (!Files.isReadable(p)) {
            ssl.problem(key, "cannot read " + p + " (expected a PEM file)");
        }
        return p;
    }
}
