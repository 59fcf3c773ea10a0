package dev.flotilla.orchestrator.template;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed service template: literal text with {@code {{.Field}}} actions, the subset of Go templates Swarm users
 * write in {@code --hostname}, {@code --mount} sources and {@code --env} values. Parsing happens when a service is
 * created, so a malformed template is refused before anything runs; expansion is pure.
 */
public final class Template {
    private static final String OPEN = "{{";
    private static final String CLOSE = "}}";

    private sealed interface Part permits Literal, FieldRef {
    }

    private record Literal(String text) implements Part {
    }

    private record FieldRef(TemplateField field) implements Part {
    }

    private final String source;
    private final List<Part> parts;

    private Template(String source, List<Part> parts) {
        this.source = source;
        this.parts = List.copyOf(parts);
    }

    /**
     * Parses {@code text}; {@code where} names the flag for the message (for example {@code "--hostname"}).
     *
     * @throws TemplateException for an unclosed action, an unknown field or an action that is not a field
     */
    public static Template parse(String text, String where) {
        Objects.requireNonNull(text, "text");
        List<Part> parts = new ArrayList<>();
        int pos = 0;
        while (pos < text.length()) {
            int open = text.indexOf(OPEN, pos);
            if (open < 0) {
                parts.add(new Literal(text.substring(pos)));
                break;
            }
            if (open > pos) {
                parts.add(new Literal(text.substring(pos, open)));
            }
            int close = text.indexOf(CLOSE, open + OPEN.length());
            if (close < 0) {
                throw new TemplateException(where + " \"" + text + "\": the template action opened at character "
                        + (open + 1) + " is never closed; write it as {{.Task.Slot}} (fields: "
                        + TemplateField.allSpellings() + ")");
            }
            parts.add(new FieldRef(field(text, text.substring(open + OPEN.length(), close), where)));
            pos = close + CLOSE.length();
        }
        return new Template(text, parts);
    }

    private static TemplateField field(String text, String action, String where) {
        String inner = action.strip();
        String prefix = where + " \"" + text + "\": ";
        if (inner.isEmpty()) {
            throw new TemplateException(prefix + "the template action {{" + action + "}} is empty; use one of "
                    + TemplateField.allSpellings());
        }
        if (!inner.startsWith(".")) {
            throw new TemplateException(prefix + "unsupported template action {{" + action + "}}: only fields are"
                    + " allowed, one of " + TemplateField.allSpellings());
        }
        return TemplateField.bySpelling(inner).orElseThrow(() -> new TemplateException(prefix
                + "unknown template field " + inner + "; use one of " + TemplateField.allSpellings()
                + " (names are case-sensitive)"));
    }

    /** True when the text has at least one action, so its value depends on the task. */
    public boolean hasFields() {
        return parts.stream().anyMatch(p -> p instanceof FieldRef);
    }

    public String source() {
        return source;
    }

    public String expand(TemplateContext context) {
        StringBuilder out = new StringBuilder(source.length() + 32);
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                out.append(literal.text());
            } else if (part instanceof FieldRef ref) {
                out.append(ref.field().valueIn(context));
            }
        }
        return out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Template t && t.source.equals(source);
    }

    @Override
    public int hashCode() {
        return source.hashCode();
    }

    @Override
    public String toString() {
        return source;
    }
}
