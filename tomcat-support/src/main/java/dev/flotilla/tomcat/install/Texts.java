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

    /**
     * True when a shell script passes {@code -Dcustom.hostname=} on a line that runs: a mention in a comment
     * ({@code # add -Dcustom.hostname later}, a commented-out {@code #CATALINA_OPTS=...}) does not count.
     */
    static boolean setsHostnameOption(String script) {
        for (String line : script.split("\r?\n", -1)) {
            String code = line;
            for (int i = 0; i < line.length(); i++) {
                if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                    code = line.substring(0, i);
                    break;
                }
            }
            if (code.contains("-Dcustom.hostname=")) {
                return true;
            }
        }
        return false;
    }
}
