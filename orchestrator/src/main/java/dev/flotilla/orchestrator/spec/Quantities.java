package dev.flotilla.orchestrator.spec;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * CPU and memory amounts as Docker reads them: CPUs as a decimal number of CPUs ({@code 1.5}, to the
 * nano-CPU), memory as a number with an optional 1024-based unit ({@code 512M}, {@code 1.5g}, {@code 64KiB},
 * {@code 100b}, or a plain number of bytes).
 */
public final class Quantities {
    public static final long NANOS_PER_CPU = 1_000_000_000L;
    private static final Pattern SIZE = Pattern.compile("^(\\d+(?:\\.\\d+)?) ?([kKmMgGtTpP])?[iI]?[bB]?$");

    private Quantities() {
    }

    /** {@code 1.5} → 1,500,000,000 nano-CPUs. */
    public static long parseCpus(String flag, String text) {
        String t = text.strip();
        BigDecimal cpus;
        try {
            cpus = new BigDecimal(t);
        } catch (NumberFormatException e) {
            throw new SpecException(flag + " \"" + text + "\": not a number of CPUs; write it like 0.5, 1 or 1.5");
        }
        if (cpus.signum() < 0) {
            throw new SpecException(flag + " \"" + text + "\": CPUs cannot be negative");
        }
        BigDecimal nanos = cpus.multiply(BigDecimal.valueOf(NANOS_PER_CPU)).stripTrailingZeros();
        if (nanos.scale() > 0) {
            throw new SpecException(flag + " \"" + text + "\": too precise; use at most 9 decimal places");
        }
        if (nanos.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new SpecException(flag + " \"" + text + "\": too large");
        }
        return nanos.longValueExact();
    }

    /** {@code 512M} → 536,870,912 bytes. */
    public static long parseMemory(String flag, String text) {
        String t = text.strip();
        if (t.startsWith("-")) {
            throw new SpecException(flag + " \"" + text + "\": memory cannot be negative");
        }
        Matcher m = SIZE.matcher(t);
        if (!m.matches()) {
            throw new SpecException(flag + " \"" + text + "\": not a size; write a number with an optional unit"
                    + " b, k, m, g or t (1024-based), for example 512M or 1.5g");
        }
        BigDecimal bytes = new BigDecimal(m.group(1)).multiply(BigDecimal.valueOf(unit(m.group(2))));
        if (bytes.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
            throw new SpecException(flag + " \"" + text + "\": too large");
        }
        return bytes.longValue();
    }

    private static long unit(String letter) {
        if (letter == null) {
            return 1;
        }
        return switch (letter.toLowerCase(Locale.ROOT)) {
            case "k" -> 1L << 10;
            case "m" -> 1L << 20;
            case "g" -> 1L << 30;
            case "t" -> 1L << 40;
            case "p" -> 1L << 50;
            default -> throw new IllegalStateException("the pattern admits only k, m, g, t, p: " + letter);
        };
    }

    /** 1,500,000,000 → {@code 1.5}, readable back by {@link #parseCpus}. */
    public static String formatCpus(long nanoCpus) {
        return BigDecimal.valueOf(nanoCpus).movePointLeft(9).stripTrailingZeros().toPlainString();
    }

    /** Bytes in the largest unit that divides them exactly ({@code 512MiB}, {@code 1536KiB}, {@code 100B}), like Docker's pretty output. */
    public static String formatMemory(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
        int i = 0;
        long value = bytes;
        while (i < units.length - 1 && value != 0 && value % 1024 == 0) {
            value /= 1024;
            i++;
        }
        return value + units[i];
    }
}
