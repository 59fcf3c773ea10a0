package dev.flotilla.shipper.output.beats;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Optional TLS for the Beats connection, in Filebeat's {@code ssl.*} vocabulary. {@code certificateAuthorities} are
 * PEM files of trusted CAs (none: the JDK's default trust store); {@code certificate} and {@code key} are the PEM
 * client certificate (chain) and its unencrypted private key, both or neither.
 */
public record TlsSettings(List<Path> certificateAuthorities, Path certificate, Path key, VerificationMode verificationMode) {

    /** How the server's certificate is checked, as Filebeat's {@code ssl.verification_mode}. */
    public enum VerificationMode {
        /** Chain and host name (the default). */
        FULL,
        /** As FULL: the JDK checks subject alternative names first, and the common name only when there are none. */
        STRICT,
        /** Chain only, any host name. */
        CERTIFICATE,
        /** Nothing: encrypts, but trusts any server. For tests only. */
        NONE;

        public static VerificationMode parse(String text) {
            for (VerificationMode m : values()) {
                if (m.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                    return m;
                }
            }
            throw new IllegalArgumentException("ssl.verification_mode '" + text
                    + "' is not one of full, strict, certificate, none");
        }

        public String yamlName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TlsSettings {
        certificateAuthorities = List.copyOf(certificateAuthorities == null ? List.of() : certificateAuthorities);
        if (verificationMode == null) {
            verificationMode = VerificationMode.FULL;
        }
        if ((certificate == null) != (key == null)) {
            throw new IllegalArgumentException(certificate == null
                    ? "ssl.key is set but ssl.certificate is not: give both the client certificate and its key, or neither"
                    : "ssl.certificate is set but ssl.key is not: give both the client certificate and its key, or neither");
        }
    }

    /** Problems with the files (missing, unreadable), one message per problem; empty when all are readable. */
    public List<String> fileProblems() {
        List<String> problems = new ArrayList<>();
        for (Path ca : certificateAuthorities) {
            checkReadable("ssl.certificate_authorities", ca, problems);
        }
        if (certificate != null) {
            checkReadable("ssl.certificate", certificate, problems);
            checkReadable("ssl.key", key, problems);
        }
        return problems;
    }

    private static void checkReadable(String key, Path file, List<String> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add(key + ": " + file + " does not exist or is not a file");
        } else if (!Files.isReadable(file)) {
            problems.add(key + ": " + file + " is not readable by this user");
        }
    }
}
