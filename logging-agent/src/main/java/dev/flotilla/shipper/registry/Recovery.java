package dev.flotilla.shipper.registry;

import java.util.List;

/**
 * What opening the registry found: the entries, the last operation number, and every problem (a corrupt file is
 * moved aside and named here; a record cut short by a crash is tolerated and noted).
 */
public record Recovery(List<Entry> entries, long lastSeq, List<String> problems, int corruptions) {
    public Recovery {
        entries = List.copyOf(entries);
        problems = List.copyOf(problems);
    }
}
