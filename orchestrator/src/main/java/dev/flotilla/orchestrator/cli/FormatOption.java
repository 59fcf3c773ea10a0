package dev.flotilla.orchestrator.cli;

import picocli.CommandLine.Option;

/** {@code --format table|json|TEMPLATE} for listings (templates: {@link RowFormat}). */
public final class FormatOption {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: table (default), json, or a template as docker's: '{{.Name}}',"
                    + " 'table {{.ID}}\\t{{.Name}}' (fields are the table's columns).")
    String format;

    /** Also checks the format, so a bad one is refused before any call to the cluster. */
    boolean json() {
        rows();
        return format.equals("json");
    }

    /** The template, or null for table and json. */
    RowFormat rows() {
        return RowFormat.parseOrNull(format);
    }
}
