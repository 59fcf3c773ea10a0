package dev.flotilla.shipper.text;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Byte sizes, the one grammar for every size the agent reads (configuration and command line): a whole number of
 * bytes, optionally followed by a unit in any case, decimal ({@code KB}, {@code MB}, {@code GB}) or binary
 * ({@code KiB}, {@code MiB}, {@code GiB}): {@code 1048576}, {@code 512KiB}, {@code 1MiB}, {@code 10MB}.
 */
public final class Sizes {
    /** Examples for messages that tell how to write a size. */
    public static final String EXAMPLES = "1048576, 512KiB, 1MiB";
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?");

    private Sizes() {
    }

    /** Returns null when the text is not a size (or one too large to hold). */
    public static Long parse(String text) {
        Matcher m = SIZE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return null;
        }
        long n;
        try {
            n = Long.parseLong(m.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
        String unit = m.group(2) == null ? "b" : m.group(2);
        long factor = switch (unit) {
            case "kb" -> 1000L;
            case "kib" -> 1024L;
            case "mb" -> 1000L * 1000;
            case "mib" -> 1024L * 1024;
            case "gb" -> 1000L * 1000 * 1000;
            case "gib" -> 1024L * 1024 * 1024;
            default -> 1L;
        };
        return n > Long.MAX_VALUE / factor ? null : n * factor;
    }

    /**
     * Like {@link #parse} but refuses what is not a size.
     *
     * @throws IllegalArgumentException saying that the text is not a size and how to write one
     */
    public static long require(String text) {
        Long n = text == null ? null : parse(text);
        if (n == null) {
            throw new IllegalArgumentException("'" + text + "' is not a size; write a number of bytes, optionally with"
                    + " a unit: " + EXAMPLES);
        }
        return n;
    }
}
