package dev.flotilla.shipper.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations in Filebeat's (Go's) notation: a sequence of number+unit, units ms, s, m, h. */
public final class Durations {
    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private Durations() {
    }

    /** Returns null when the text is not a duration. */
    public static Duration parse(String text) {
        String s = text.trim();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        Matcher m = PART.matcher(s);
        int at = 0;
        double nanos = 0;
        while (at < s.length()) {
            if (!m.find(at) || m.start() != at) {
                return null;
            }
            double n = Double.parseDouble(m.group(1));
            nanos += switch (m.group(2)) {
                case "ms" -> n * 1e6;
                case "s" -> n * 1e9;
                case "m" -> n * 60e9;
                default -> n * 3600e9;
            };
            at = m.end();
        }
        return at == 0 ? null : Duration.ofNanos((long) nanos);
    }

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
