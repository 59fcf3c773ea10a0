package dev.flotilla.orchestrator.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * docker's {@code --format} templates for listings, in the subset scripts use: {@code '{{.Name}}'} (one line per
 * row, no header) and {@code 'table {{.ID}}\t{{.Name}}'} (aligned columns with their header). Fields are the
 * table's columns in docker's names ({@code .ID}, {@code .Name}, {@code .DesiredState}, {@code .ManagerStatus}, ...);
 * {@code \t} and {@code \n} are a tab and a newline. Go template functions ({@code json}, {@code upper}, ...) are
 * refused with a message, not ignored.
 */
final class RowFormat {
    private static final Map<String, String> ALIASES = Map.of("engineversion", "version");

    /** A run of literal text, or a field reference (then {@code literal} is the field's name). */
    private record Part(String literal, boolean field) {
    }

    private final boolean table;
    private final List<List<Part>> columns;

    private RowFormat(boolean table, List<List<Part>> columns) {
        this.table = table;
        this.columns = columns;
    }

    /** Null for the plain formats (table, json). */
    static RowFormat parseOrNull(String format) {
        if (format.equals("table") || format.equals("json")) {
            return null;
        }
        boolean table = format.startsWith("table ");
        String body = (table ? format.substring("table ".length()) : format).replace("\\t", "\t").replace("\\n", "\n");
        if (!body.contains("{{")) {
            throw new IllegalArgumentException("invalid --format '" + format + "': use table, json, or a template such as"
                    + " '{{.Name}}' or 'table {{.ID}}\\t{{.Name}}'");
        }
        List<List<Part>> columns = new ArrayList<>();
        for (String column : table ? body.split("\t", -1) : new String[] {body}) {
            columns.add(parts(format, column));
        }
        return new RowFormat(table, columns);
    }

    private static List<Part> parts(String format, String text) {
        List<Part> parts = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int open = text.indexOf("{{", at);
            if (open < 0) {
                parts.add(new Part(text.substring(at), false));
                break;
            }
            int close = text.indexOf("}}", open);
            if (close < 0) {
                throw new IllegalArgumentException("invalid --format '" + format + "': a '{{' is never closed with '}}'");
            }
            if (open > at) {
                parts.add(new Part(text.substring(at, open), false));
            }
            String action = text.substring(open + 2, close).strip();
            if (!action.matches("\\.[A-Za-z][A-Za-z0-9]*")) {
                throw new IllegalArgumentException("invalid --format '" + format + "': {{" + action + "}} is not"
                        + " supported; write fields as {{.Name}} (template functions such as json or upper are not"
                        + " available; --format json gives JSON)");
            }
            parts.add(new Part(action.substring(1), true));
            at = close + 2;
        }
        return parts;
    }

    /** Prints the rows (the first is the table's header) through the template. */
    void print(java.io.PrintWriter out, List<String[]> rows) {
        String[] header = rows.get(0);
        Table t = table ? new Table(expand(header, header, true)) : null;
        for (String[] row : rows.subList(1, rows.size())) {
            String[] cells = expand(header, row, false);
            if (t != null) {
                t.row(cells);
            } else {
                out.println(cells[0]);
            }
        }
        if (t != null) {
            t.print(out);
        }
        out.flush();
    }

    private String[] expand(String[] header, String[] row, boolean asHeader) {
        String[] out = new String[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            StringBuilder b = new StringBuilder();
            for (Part p : columns.get(c)) {
                if (!p.field()) {
                    b.append(p.literal());
                    continue;
                }
                int i = column(header, p.literal());
                b.append(asHeader ? header[i] : row[i] == null ? "" : row[i]);
            }
            out[c] = b.toString();
        }
        return out;
    }

    private static int column(String[] header, String field) {
        String want = field.toLowerCase(Locale.ROOT);
        want = ALIASES.getOrDefault(want, want);
        List<String> known = new ArrayList<>();
        for (int i = 0; i < header.length; i++) {
            String name = fieldName(header[i]);
            if (name.toLowerCase(Locale.ROOT).equals(want)) {
                return i;
            }
            known.add("{{." + name + "}}");
        }
        throw new IllegalArgumentException("invalid --format: there is no field {{." + field + "}} here; use "
                + String.join(", ", known));
    }

    /** "DESIRED STATE" → "DesiredState", "ID" → "ID". */
    static String fieldName(String headerCell) {
        if (headerCell.equals("ID")) {
            return "ID";
        }
        StringBuilder b = new StringBuilder();
        for (String w : headerCell.toLowerCase(Locale.ROOT).split(" ")) {
            if (!w.isEmpty()) {
                b.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
            }
        }
        return b.toString();
    }
}
