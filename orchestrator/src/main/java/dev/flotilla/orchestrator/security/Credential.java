package dev.flotilla.orchestrator.security;

import dev.flotilla.orchestrator.api.CredentialKind;
import dev.flotilla.orchestrator.api.CredentialRecord;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A bearer credential as its holder keeps it: {@code FLTCRED-1-<id>-<secret>}. The cluster stores the id and the
 * SHA-256 of the secret ({@link CredentialRecord}); the secret exists only in the holder's 0600 file.
 */
public record Credential(String id, String secret) {
    private static final Pattern SHAPE = Pattern.compile("FLTCRED-1-([0-9a-z]{25})-([0-9a-z]{40})");

    public static Credential generate() {
        return new Credential(Secrets.newId(), Secrets.randomBase36(24, 40));
    }

    /** Parses a credential; null when the text is not one (the caller decides how to refuse). */
    public static Credential parseOrNull(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = SHAPE.matcher(text.trim());
        return m.matches() ? new Credential(m.group(1), m.group(2)) : null;
    }

    public CredentialRecord record(CredentialKind kind, String nodeId, long at) {
        return new CredentialRecord(id, Secrets.sha256Hex(secret), kind, nodeId, at);
    }

    public boolean matches(CredentialRecord r) {
        return r != null && r.id().equals(id) && Secrets.sameHash(r.secretHash(), Secrets.sha256Hex(secret));
    }

    @Override
    public String toString() {
        return "FLTCRED-1-" + id + "-" + secret;
    }
}
