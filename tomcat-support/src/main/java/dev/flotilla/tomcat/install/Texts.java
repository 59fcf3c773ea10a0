package dev.flotilla.tomcat.install;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small text helpers (the jar targets Java 8, which lacks Files.readString). */
final class Texts {
    /** The placeholder every patched path ends in. */
    static final String PLACEHOLDER = "${custom.hostname}";

    private Texts() {
    }

    static String read(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }

    /** The line separator a file already uses, so edits keep its style. */
    static String newline(String text) {
        return text.contains("\r\n") ? "\r\n" : "\n";
    }

    /** {@code dir + "/${custom.hostname}"}, without doubling a trailing slash. */
    static String withPlaceholder(String dir) {
        String d = dir;
        while (d.length() > 1 && (d.endsWith("/") || d.endsWith("\\"))) {
            d = d.substring(0, d.length() - 1);
        }
        return d + "/" + PLACEHOLDER;
    }
}
