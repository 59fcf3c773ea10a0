package dev.flotilla.orchestrator.api;

import java.util.Map;
import java.util.regex.Pattern;

/** Label keys and values as users type them ({@code key=value}), with errors that say how to fix them. */
public final class Labels {
    /** Letters, digits, and . _ - / inside; a letter or digit at both ends; at most 128 characters. */
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._/-]{0,126}[A-Za-z0-9])?");
    private static final int MAX_VALUE = 1024;

    private Labels() {
    }

    /** Parses {@code key=value} (or a bare {@code key}, meaning an empty value). */
    public static Map.Entry<String, String> parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new IllegalArgumentException("invalid label '': expected key=value");
        }
        int eq = text.indexOf('=');
        String key = eq < 0 ? text : text.substring(0, eq);
        String value = eq < 0 ? "" : text.substring(eq + 1);
        checkKey(key, text);
        checkValue(value, text);
        return Map.entry(key, value);
    }

    /** Validates a key given on its own (as for {@code --label-rm}). */
    public static String checkKey(String key) {
        return checkKey(key, key);
    }

    private static String checkKey(String key, String original) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("invalid label '" + original + "': the key must be 1 to 128 letters,"
                    + " digits, '.', '_', '-' or '/', starting and ending with a letter or digit");
        }
        return key;
    }

    private static void checkValue(String value, String original) {
        if (value.length() > MAX_VALUE) {
            throw new IllegalArgumentException("invalid label '" + original.substring(0, 40) + "...': the value is longer"
                    + " than " + MAX_VALUE + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                throw new IllegalArgumentException("invalid label '" + original + "': the value contains a control character");
            }
        }
    }
}
