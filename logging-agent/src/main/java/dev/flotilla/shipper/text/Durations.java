package dev.flotilla.shipper.text;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations in Filebeat's (Go's) notation, the one grammar for every duration the agent reads (configuration and
 * command line): one or more number+unit parts, units {@code ms}, {@code s}, {@code m}, {@code h} in any case, the
 * numbers whole or decimal ({@code 500ms}, {@code 1.5s}, {@code 1h30m}); or {@code 0}.
 */
public final class Durations {
    /** Examples for messages that tell how to write a duration. */
    public static final String EXAMPLES = "500ms, 5s, 2m, 1h30m";
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");
    private static final BigDecimal MS = BigDecimal.valueOf(1_000_000L);
    private static final BigDecimal S = BigDecimal.valueOf(1_000_000_000L);
    private static final BigDecimal M = S.multiply(BigDecimal.valueOf(60));
    private static final BigDecimal H = M.multiply(BigDecimal.valueOf(60));
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private Durations() {
    }

    /** Returns null when the text is not a duration (or one too long to hold). */
    public static Duration parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(s);
        int at = 0;
        BigDecimal nanos = BigDecimal.ZERO;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                return null;
            }
            BigDecimal unit = switch (m.group(2)) {
                case "ms" -> MS;
                case "s" -> S;
                case "m" -> M;
                default -> H;
            };
            nanos = nanos.add(new BigDecimal(m.group(1)).multiply(unit));
            at = m.end();
        }
        if (at == 0 || nanos.compareTo(MAX_NANOS) > 0) {
            return null;
        }
        return Duration.ofNanos(nanos.longValue());
    }

    /**
     * Like {@link #parse} but refuses what is not a duration.
     *
     * @throws IllegalArgumentException saying that the text is not a duration and how to write one
     */
    public static Duration require(String text) {
        Duration d = text == null ? null : parse(text);
        if (d == null) {
            throw new IllegalArgumentException("'" + text + "' is not a duration; write a number and a unit: "
                    + EXAMPLES + " (or 0)");
        }
        return d;
    }

    /** The shortest whole-unit form ({@code 5m}, {@code 1500ms}), in milliseconds at best. */
    public static String format(Duration d) {
        if (d.isZero()) {
            return "0s";
        }
        long ms = d.toMillis();
        if (ms % 3_600_000 == 0) {
            return ms / 3_600_000 + "h";
        }
        if (ms % 60_000 == 0) {
            return ms / 60_000 + "m";
        }
        if (ms % 1000 == 0) {
            return ms / 1000 + "s";
        }
        return ms + "ms";
    }
}
