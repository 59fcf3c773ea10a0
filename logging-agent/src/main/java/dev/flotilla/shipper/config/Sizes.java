package dev.flotilla.shipper.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Byte sizes: {@code 1048576}, {@code 512KiB}, {@code 1MiB}, {@code 10MB}. */
final class Sizes {
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib)?");

    private Sizes() {
    }

    static Long parse(String text) {
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
}
