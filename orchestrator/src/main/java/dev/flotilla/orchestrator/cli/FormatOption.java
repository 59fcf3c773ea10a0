package dev.flotilla.orchestrator.cli;

import picocli.CommandLine.Option;

/** {@code --format table|json} for listings. */
public final class FormatOption {
    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: table (default) or json.")
    String format;

    boolean json() {
        if (!format.equals("table") && !format.equals("json")) {
            throw new IllegalArgumentException("invalid --format '" + format + "': use table or json");
        }
        return format.equals("json");
    }
}
