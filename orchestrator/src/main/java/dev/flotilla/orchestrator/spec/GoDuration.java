package dev.flotilla.orchestrator.spec;

import java.math.BigDecimal;
import java.time.Duration;

/**
 * The one duration grammar of Flotilla's flags, service and node alike: Go's {@code time.ParseDuration}, as Docker
 * takes durations everywhere. A sequence of numbers with units, such as {@code 10s}, {@code 1m30s}, {@code 1.5h}
 * or {@code 300ms}; the units are ns, us (µs), ms, s, m and h, in any case ({@code 5S} and {@code 500MS} were
 * accepted by the node flags before they shared this grammar), and a plain {@code 0} is allowed.
 */
public final class GoDuration {
    private static final String HOW = "write a number with a unit: ns, us, ms, s, m or h (for example 10s or 1m30s)";

    private GoDuration() {
    }

    /** Parses a non-negative duration. */
    public static Duration parse(String flag, String text) {
        String t = text.strip();
        if (t.equals("0")) {
            return Duration.ZERO;
        }
        if (t.startsWith("-")) {
            throw new SpecException(flag + " \"" + text + "\": a duration cannot be negative");
        }
        if (t.startsWith("+")) {
            t = t.substring(1);
        }
        if (t.isEmpty()) {
            throw new SpecException(flag + " \"" + text + "\": empty duration; " + HOW);
        }
        BigDecimal nanos = BigDecimal.ZERO;
        int pos = 0;
        while (pos < t.length()) {
            int numberEnd = pos;
            while (numberEnd < t.length() && (Character.isDigit(t.charAt(numberEnd)) || t.charAt(numberEnd) == '.')) {
                numberEnd++;
            }
            int unitEnd = numberEnd;
            while (unitEnd < t.length() && !Character.isDigit(t.charAt(unitEnd)) && t.charAt(unitEnd) != '.') {
                unitEnd++;
            }
            nanos = nanos.add(term(flag, text, t.substring(pos, numberEnd), t.substring(numberEnd, unitEnd)));
            pos = unitEnd;
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new SpecException(flag + " \"" + text + "\": too long a duration");
        }
        return Duration.ofNanos(nanos.longValue());
    }

    private static BigDecimal term(String flag, String text, String number, String unit) {
        if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
            throw new SpecException(flag + " \"" + text + "\": not a duration; " + HOW);
        }
        if (unit.isEmpty()) {
            throw new SpecException(flag + " \"" + text + "\": the number " + number + " has no unit; " + HOW);
        }
        long scale = switch (unit.toLowerCase(java.util.Locale.ROOT)) {
            case "ns" -> 1L;
            case "us", "µs", "μs" -> 1_000L;
            case "ms" -> 1_000_000L;
            case "s" -> 1_000_000_000L;
            case "m" -> 60_000_000_000L;
            case "h" -> 3_600_000_000_000L;
            default -> throw new SpecException(flag + " \"" + text + "\": unknown unit \"" + unit + "\"; " + HOW);
        };
        return new BigDecimal(number).multiply(BigDecimal.valueOf(scale));
    }

    /** Formats like Go's {@code Duration.String()}: {@code 10s}, {@code 1m30s}, {@code 1h0m0s}, {@code 300ms}, {@code 0s}. */
    public static String format(Duration d) {
        long nanos = d.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        if (nanos < 1_000_000_000L) {
            if (nanos % 1_000_000L == 0) {
                return nanos / 1_000_000L + "ms";
            }
            if (nanos % 1_000L == 0) {
                return nanos / 1_000L + "µs";
            }
            return nanos + "ns";
        }
        long hours = d.toHours();
        long minutes = d.toMinutesPart();
        String seconds = BigDecimal.valueOf(nanos % 60_000_000_000L).movePointLeft(9).stripTrailingZeros()
                .toPlainString() + "s";
        if (hours > 0) {
            return hours + "h" + minutes + "m" + seconds;
        }
        return minutes > 0 ? minutes + "m" + seconds : seconds;
    }
}
