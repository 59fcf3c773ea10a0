package dev.flotilla.shipper.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One input: the files it tails and how their lines become events.
 *
 * @param dataset           {@code event.dataset}; null derives it from the file name (catalina, localhost, access log,
 *                          otherwise app.logback)
 * @param closeRemovedAfter a removed (deleted) file is released once read to its end, or after this long even
 *                          when the output is blocked
 * @param partialLineAfter  a last line without its newline is shipped after this long without growth (zero: never)
 * @param multiline         null when lines are events on their own
 */
public record InputConfig(
        String id,
        List<String> paths,
        List<Pattern> excludeFiles,
        Duration ignoreOlder,
        Duration closeInactive,
        Duration closeRemovedAfter,
        int harvesterLimit,
        int messageMaxBytes,
        Duration partialLineAfter,
        MultilineConfig multiline,
        String dataset,
        Map<String, Object> fields,
        boolean fieldsUnderRoot,
        boolean parseAccessLog,
        Duration checkInterval) {

    public static final Duration DEFAULT_CLOSE_INACTIVE = Duration.ofMinutes(5);
    public static final Duration DEFAULT_CLOSE_REMOVED_AFTER = Duration.ofMinutes(1);
    public static final int DEFAULT_MESSAGE_MAX_BYTES = 1024 * 1024;
    public static final Duration DEFAULT_PARTIAL_LINE_AFTER = Duration.ofSeconds(5);
    public static final Duration DEFAULT_CHECK_INTERVAL = Duration.ofSeconds(5);

    public InputConfig {
        paths = List.copyOf(paths);
        excludeFiles = List.copyOf(excludeFiles);
        fields = Map.copyOf(fields);
    }

    /** True when the path must be skipped by {@code exclude_files}. */
    public boolean excluded(String path) {
        for (Pattern p : excludeFiles) {
            if (p.matcher(path).find()) {
                return true;
            }
        }
        return false;
    }
}
