package dev.flotilla.shipper.multiline;

/** Bits telling what happened to a message on its way ({@code log.flags} in the event). */
public final class LineFlags {
    /** Cut at {@code message_max_bytes}. */
    public static final int TRUNCATED = 1;
    /** A last line without its newline, shipped after {@code partial_line_timeout}. */
    public static final int PARTIAL = 2;
    /** Several lines joined by the multiline rule. */
    public static final int MULTILINE = 4;
    /**
     * Carries on a message shipped before it: the rest of a line shipped early as partial, or the lines after a
     * multiline message reached {@code max_lines}.
     */
    public static final int CONTINUED = 8;

    private LineFlags() {
    }
}
