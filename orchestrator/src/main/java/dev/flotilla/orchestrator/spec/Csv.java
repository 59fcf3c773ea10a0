package dev.flotilla.orchestrator.spec;

import java.util.ArrayList;
import java.util.List;

/** The comma-separated {@code key=value} lists of {@code --mount} and long-form {@code --publish}, with "quoted" fields. */
final class Csv {
    private Csv() {
    }

    static List<String> split(String text, String flag) {
        List<String> fields = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    current.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                fields.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        if (quoted) {
            throw new SpecException(flag + " \"" + text + "\": a quote is never closed; close it or remove it");
        }
        fields.add(current.toString());
        return fields;
    }

    static String field(String text) {
        if (text.indexOf(',') < 0 && text.indexOf('"') < 0) {
            return text;
        }
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
