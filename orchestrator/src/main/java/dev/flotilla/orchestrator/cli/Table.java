package dev.flotilla.orchestrator.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** A docker-style text table: left-aligned columns separated by three spaces, header in capitals. */
final class Table {
    private final List<String[]> rows = new ArrayList<>();

    Table(String... header) {
        rows.add(header);
    }

    Table row(String... cells) {
        rows.add(cells);
        return this;
    }

    /** As {@link #print(PrintWriter)}, or through a {@code --format} template when one is given. */
    void print(PrintWriter out, RowFormat format) {
        if (format == null) {
            print(out);
        } else {
            format.print(out, rows);
        }
    }

    void print(PrintWriter out) {
        int cols = rows.get(0).length;
        int[] width = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                width[i] = Math.max(width[i], r[i] == null ? 0 : r[i].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                String c = r[i] == null ? "" : r[i];
                b.append(c);
                if (i < cols - 1) {
                    b.append(" ".repeat(width[i] - c.length() + 3));
                }
            }
            out.println(b.toString().stripTrailing());
        }
        out.flush();
    }
}
