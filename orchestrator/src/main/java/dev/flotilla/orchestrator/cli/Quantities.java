package dev.flotilla.orchestrator.cli;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the CLI's durations (500ms, 5s, 1m), CPU counts (1.5) and memory sizes (512m, 4g). */
final class Quantities {
    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Pattern MEMORY = Pattern.compile("(\\d+(?:\\.\\d+)?)([kmgt]?)b?");

    private Quantities() {
    }

    static Duration duration(String text, String option) {
        Matcher m = DURATION.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid " + option + " '" + text + "': use a number with ms, s, m or h,"
                    + " like 500ms or 5s");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofHours(n);
        };
    }

    static long nanoCpus(String text) {
        try {
            BigDecimal cpus = new BigDecimal(text.trim());
            if (cpus.signum() <= 0) {
                throw new NumberFormatException();
            }
            return cpus.movePointRight(9).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new IllegalArgumentException("invalid --cpus '" + text + "': use a positive number of CPUs, like 2 or 0.5");
        }
    }

    static long memoryBytes(String text) {
        Matcher m = MEMORY.matcher(text == null ? "" : text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("invalid --memory '" + text + "': use bytes or a size like 512m or 4g");
        }
        int shift = switch (m.group(2)) {
            case "k" -> 10;
            case "m" -> 20;
            case "g" -> 30;
            case "t" -> 40;
            default -> 0;
        };
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(1L << shift));
        if (bytes.signum() <= 0) {
            throw new IllegalArgumentException("invalid --memory '" + text + "': it must be more than 0");
        }
        return bytes.longValue();
    }
}
