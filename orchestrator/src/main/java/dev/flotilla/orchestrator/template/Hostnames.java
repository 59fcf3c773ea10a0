package dev.flotilla.orchestrator.template;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Container hostnames: the default one a task gets, and the check every hostname passes before it is used as a
 * container hostname and as the name of the task's log folder.
 */
public final class Hostnames {
    /** Linux keeps at most 64 bytes; we keep one for the terminator, like a DNS label. */
    public static final int MAX_LENGTH = 63;
    public static final int DEFAULT_LENGTH = 12;

    private Hostnames() {
    }

    /**
     * The default hostname of a task: 12 lowercase hex characters, like a Docker short container id, derived
     * from the task id (SHA-256) so that it is known before the container exists and the same on every retry.
     */
    public static String defaultFor(String taskId) {
        if (taskId == null || taskId.isEmpty()) {
            throw new IllegalArgumentException("a task id is needed to derive a hostname");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(taskId.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, DEFAULT_LENGTH);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    /** Why {@code hostname} cannot be used (RFC 1123 labels separated by dots, at most 63 characters), if it cannot. */
    public static Optional<String> problem(String hostname) {
        if (hostname.isEmpty()) {
            return Optional.of("it is empty");
        }
        if (hostname.length() > MAX_LENGTH) {
            return Optional.of("it has " + hostname.length() + " characters; at most " + MAX_LENGTH + " are allowed");
        }
        for (String label : hostname.split("\\.", -1)) {
            Optional<String> p = labelProblem(label);
            if (p.isPresent()) {
                return p;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> labelProblem(String label) {
        if (label.isEmpty()) {
            return Optional.of("it has an empty part between dots (or a dot at either end)");
        }
        if (label.startsWith("-") || label.endsWith("-")) {
            return Optional.of("the part \"" + label + "\" starts or ends with '-'");
        }
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
            if (!ok) {
                return Optional.of("it contains '" + c + "'; only letters, digits, '-' and '.' are allowed");
            }
        }
        return Optional.empty();
    }
}
