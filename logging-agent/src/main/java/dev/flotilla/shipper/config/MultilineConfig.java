package dev.flotilla.shipper.config;

import java.time.Duration;
import java.util.regex.Pattern;

/**
 * Joins continuation lines (a Java stack trace) into one event, with Filebeat's meaning of the options:
 * {@code negate: true, match: after} appends every line that does NOT match {@code pattern} to the event started
 * by the previous matching line.
 */
public record MultilineConfig(Pattern pattern, boolean negate, Match match, int maxLines, Duration timeout) {
    /** Tomcat JULI's OneLineFormatter/SimpleFormatter date: {@code 22-Nov-2026 03:48:23.123 INFO ...}. */
    public static final String TOMCAT_JULI_PATTERN = "^\\d{2}-[A-Za-z]{3}-\\d{4} ";
    /** Logback's default layout date: {@code 2026-11-22 03:48:23.123 [main] INFO ...}. */
    public static final String LOGBACK_PATTERN = "^\\d{4}-\\d{2}-\\d{2}";
    public static final int DEFAULT_MAX_LINES = 500;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    public enum Match { AFTER, BEFORE }

    public MultilineConfig {
        if (maxLines < 1) {
            throw new IllegalArgumentException("max_lines must be at least 1");
        }
    }

    public static MultilineConfig tomcatJuli() {
        return new MultilineConfig(Pattern.compile(TOMCAT_JULI_PATTERN), true, Match.AFTER, DEFAULT_MAX_LINES, DEFAULT_TIMEOUT);
    }

    public static MultilineConfig logback() {
        return new MultilineConfig(Pattern.compile(LOGBACK_PATTERN), true, Match.AFTER, DEFAULT_MAX_LINES, DEFAULT_TIMEOUT);
    }
}
