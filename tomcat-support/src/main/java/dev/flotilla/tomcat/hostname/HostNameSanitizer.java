package dev.flotilla.tomcat.hostname;

/**
 * Makes a host name safe to use as one folder name: no path separators, no {@code ..}, no control characters, no
 * spaces, bounded length. Pure.
 */
public final class HostNameSanitizer {
    /** Longest folder name produced (a DNS label is at most 63 characters; container ids use 12 or 64). */
    public static final int MAX_LENGTH = 64;

    private HostNameSanitizer() {
    }

    /**
     * Returns the safe form of {@code raw}: every character outside {@code [A-Za-z0-9._-]} becomes {@code -}, runs of
     * dots or dashes collapse to one, leading and trailing dots and dashes are dropped, and the result is cut to
     * {@link #MAX_LENGTH}. Returns the empty string when nothing usable is left (the caller then tries the next source).
     */
    public static String sanitize(String raw) {
        if (raw == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(Math.min(raw.length(), MAX_LENGTH * 2));
        char previous = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = safeChar(raw.charAt(i));
            boolean separator = c == '.' || c == '-';
            if (separator && (previous == '.' || previous == '-')) {
                // collapse ".." and "-." and friends: no ".." can survive
                if (c == '.' || previous == '-') {
                    continue;
                }
                out.setCharAt(out.length() - 1, c);
                previous = c;
                continue;
            }
            out.append(c);
            previous = c;
        }
        return trim(out.toString());
    }

    private static char safeChar(char c) {
        boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '.' || c == '-' || c == '_';
        return ok ? c : '-';
    }

    private static String trim(String s) {
        String cut = s.length() > MAX_LENGTH ? s.substring(0, MAX_LENGTH) : s;
        int start = 0;
        int end = cut.length();
        while (start < end && isEdge(cut.charAt(start))) {
            start++;
        }
        while (end > start && isEdge(cut.charAt(end - 1))) {
            end--;
        }
        return cut.substring(start, end);
    }

    private static boolean isEdge(char c) {
        return c == '.' || c == '-';
    }
}
