package dev.flotilla.tomcat.install;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Makes every Tomcat file handler in {@code logging.properties} write under {@code .../${custom.hostname}}, editing
 * only the lines concerned so comments and layout survive. Idempotent. Pure.
 */
final class LoggingPropertiesPatch {
    /** The patched text and a readable line per change. */
    static final class Result {
        final String text;
        final List<String> changes;

        Result(String text, List<String> changes) {
            this.text = text;
            this.changes = changes;
        }
    }

    private LoggingPropertiesPatch() {
    }

    static Result apply(String text) throws Refusal {
        JuliConfig config = JuliConfig.parse(text);
        refuseUnknown(config);
        String nl = Texts.newline(text);
        List<String> lines = new ArrayList<String>(Arrays.asList(text.split("\r?\n", -1)));
        List<String> changes = new ArrayList<String>();
        for (JuliConfig.Handler h : config.handlers()) {
            if (!h.isFile() || (h.directory != null && h.directory.contains(Texts.PLACEHOLDER))) {
                continue;
            }
            if (h.directory == null) {
                insertDirectory(lines, h);
                changes.add(h.name + ": no directory set (JULI default 'logs'), now " + defaultDirectory());
            } else {
                replaceDirectory(lines, h);
                changes.add(h.name + ": directory " + h.directory + " -> " + Texts.withPlaceholder(h.directory));
            }
        }
        return new Result(join(lines, nl), changes);
    }

    static String defaultDirectory() {
        return "${catalina.base}/logs/" + Texts.PLACEHOLDER;
    }

    private static void refuseUnknown(JuliConfig config) throws Refusal {
        List<JuliConfig.Handler> unknown = config.unknown();
        if (unknown.isEmpty()) {
            return;
        }
        StringBuilder names = new StringBuilder();
        for (JuliConfig.Handler h : unknown) {
            names.append(names.length() == 0 ? "" : ", ").append(h.name);
        }
        throw new Refusal("logging.properties uses handlers that are not Tomcat's file handlers (" + names + "):"
                + " flotilla cannot tell where they write, so it changes nothing. Make them write under"
                + " ${catalina.base}/logs/${custom.hostname} yourself (or remove them), then run install again;"
                + " only org.apache.juli.FileHandler, org.apache.juli.AsyncFileHandler and"
                + " java.util.logging.ConsoleHandler are handled");
    }

    private static void replaceDirectory(List<String> lines, JuliConfig.Handler h) throws Refusal {
        int i = findKeyLine(lines, h.directoryKey());
        if (i < 0) {
            throw new Refusal("logging.properties sets " + h.directoryKey() + " in a form flotilla does not edit"
                    + " (escaped key?): set it to " + Texts.withPlaceholder(h.directory) + " by hand");
        }
        String line = lines.get(i);
        if (line.endsWith("\\")) {
            throw new Refusal("logging.properties line " + (i + 1) + " continues on the next line: join "
                    + h.directoryKey() + " into one line, then run install again");
        }
        int sep = separatorEnd(line, h.directoryKey());
        String raw = line.substring(sep).replaceAll("\\s+$", "");
        lines.set(i, line.substring(0, sep) + Texts.withPlaceholder(raw));
    }

    private static void insertDirectory(List<String> lines, JuliConfig.Handler h) {
        int last = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().startsWith(h.name + ".")) {
                last = i;
            }
        }
        String line = h.directoryKey() + " = " + defaultDirectory();
        if (last >= 0) {
            lines.add(last + 1, line);
        } else {
            int end = lines.size();
            while (end > 0 && lines.get(end - 1).isEmpty()) {
                end--;
            }
            lines.add(end, line);
        }
    }

    /** The index of the line that assigns {@code key}, or -1. */
    static int findKeyLine(List<String> lines, String key) {
        for (int i = 0; i < lines.size(); i++) {
            String t = stripLeading(lines.get(i));
            if (t.startsWith(key) && t.length() > key.length()) {
                char c = t.charAt(key.length());
                if (c == '=' || c == ':' || c == ' ' || c == '\t') {
                    return i;
                }
            }
        }
        return -1;
    }

    /** Where the value starts on a {@code key = value} line. */
    private static int separatorEnd(String line, String key) {
        int i = line.indexOf(key) + key.length();
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        if (i < line.length() && (line.charAt(i) == '=' || line.charAt(i) == ':')) {
            i++;
        }
        while (i < line.length() && (line.charAt(i) == ' ' || line.charAt(i) == '\t')) {
            i++;
        }
        return i;
    }

    private static String stripLeading(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    private static String join(List<String> lines, String nl) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                sb.append(nl);
            }
            sb.append(lines.get(i));
        }
        return sb.toString();
    }
}
