package dev.flotilla.orchestrator.spec;

import java.util.Locale;
import java.util.Optional;

/** Transport protocol of a published port. */
public enum Protocol {
    TCP, UDP;

    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Protocol> parse(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "tcp" -> Optional.of(TCP);
            case "udp" -> Optional.of(UDP);
            default -> Optional.empty();
        };
    }
}
