package dev.flotilla.shipper.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.shipper.text.Durations;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** One entry of {@code inputs}: keys, types, limits and defaults. */
final class InputSchema {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final Duration YEAR = Duration.ofDays(365);
    /** Top-level names of the fields an event can carry (see docs/logging-agent.md, "Events"). */
    static final List<String> RESERVED_ROOT_FIELDS = List.of("@timestamp", "@metadata", "message", "log", "input",
            "event", "host", "agent", "container", "service", "flotilla", "ecs", "source", "user", "http",
            "url", "user_agent");

    private InputSchema() {
    }

    /** Returns null for a disabled input (it is still validated). */
    static InputConfig read(Section s, Path baseDir) {
        boolean enabled = s.bool("enabled", true);
        String type = s.string("type", "filestream");
        if (!type.equals("filestream") && !type.equals("log")) {
            s.problem("type", "expected filestream or log (both tail files), got \"" + type + "\"");
        }
        String id = s.string("id", null);
        if (id == null && !s.has("id")) {
            s.problem("id", "missing: every input needs a stable, unique id (e.g. id: tomcat-catalina); offsets are kept under it");
        } else if (id != null && !ID.matcher(id).matches()) {
            s.problem("id", "expected letters, digits, '.', '_' or '-', got \"" + id + "\"");
        }
        List<String> paths = paths(s);
        List<Pattern> excludes = patterns(s, "exclude_files");
        Duration ignoreOlder = s.duration("ignore_older", Duration.ZERO, Duration.ZERO, YEAR.multipliedBy(10));
        Section close = s.section("close");
        Duration inactive = close.duration("inactive", InputConfig.DEFAULT_CLOSE_INACTIVE, Duration.ofSeconds(1), YEAR);
        Duration removedAfter = close.duration("removed_after", InputConfig.DEFAULT_CLOSE_REMOVED_AFTER, Duration.ZERO, YEAR);
        if (!ignoreOlder.isZero() && ignoreOlder.compareTo(inactive) <= 0) {
            s.problem("ignore_older", "must be longer than close.inactive (" + Durations.format(inactive)
                    + "), or a file could be ignored while it is still open");
        }
        int limit = s.integer("harvester_limit", 0, 0, 1_000_000);
        int maxBytes = s.bytes("message_max_bytes", InputConfig.DEFAULT_MESSAGE_MAX_BYTES, 1024, 64 * 1024 * 1024);
        Duration partial = s.duration("partial_line_timeout", InputConfig.DEFAULT_PARTIAL_LINE_AFTER, Duration.ZERO, YEAR);
        MultilineConfig multiline = MultilineSchema.read(s);
        String dataset = s.string("dataset", null);
        if (dataset != null && !dataset.matches("[a-z0-9_]+(\\.[a-z0-9_]+)*")) {
            s.problem("dataset", "expected lower-case words joined by dots (e.g. tomcat.catalina), got \"" + dataset + "\"");
        }
        Map<String, Object> fields = fields(s);
        boolean underRoot = s.bool("fields_under_root", false);
        if (underRoot) {
            refuseReservedRootFields(s, fields);
        }
        boolean access = s.section("access_log").bool("parse", false);
        Duration check = s.section("prospector").section("scanner").duration("check_interval",
                InputConfig.DEFAULT_CHECK_INTERVAL, Duration.ofMillis(100), Duration.ofHours(1));
        if (!enabled || id == null) {
            return null;
        }
        return new InputConfig(id, paths, excludes, ignoreOlder, inactive, removedAfter, limit, maxBytes, partial,
                multiline, dataset, fields, underRoot, access, check);
    }

    private static List<String> paths(Section s) {
        List<String> paths = s.strings("paths");
        if (paths.isEmpty()) {
            s.problem("paths", "missing: list the files to tail as absolute globs, e.g. paths: [/var/log/app/*/catalina*.log]");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < paths.size(); i++) {
            String p = paths.get(i);
            if (!p.startsWith("/")) {
                s.problem("paths[" + i + "]", "expected an absolute path (starting with /), got \"" + p + "\"");
                continue;
            }
            try {
                FileSystems.getDefault().getPathMatcher("glob:" + p);
            } catch (IllegalArgumentException e) {
                s.problem("paths[" + i + "]", "not a valid glob: " + e.getMessage());
                continue;
            }
            out.add(p);
        }
        return out;
    }

    static List<Pattern> patterns(Section s, String key) {
        List<Pattern> out = new ArrayList<>();
        List<String> texts = s.strings(key);
        for (int i = 0; i < texts.size(); i++) {
            try {
                out.add(Pattern.compile(texts.get(i)));
            } catch (PatternSyntaxException e) {
                s.problem(key + "[" + i + "]", "not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
            }
        }
        return out;
    }

    /**
     * With {@code fields_under_root} the custom fields sit beside the ones the agent writes; a name the agent already
     * writes would appear twice in the event's JSON (or replace the agent's object), so it is refused.
     */
    private static void refuseReservedRootFields(Section s, Map<String, Object> fields) {
        for (String key : fields.keySet()) {
            String top = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
            if (RESERVED_ROOT_FIELDS.contains(top)) {
                s.problem("fields." + key, "\"" + top + "\" is written by the agent itself, so it cannot be a custom"
                        + " field with fields_under_root: true; rename the field, or drop fields_under_root to keep it"
                        + " under fields. Reserved: " + String.join(", ", RESERVED_ROOT_FIELDS));
            }
        }
    }

    private static Map<String, Object> fields(Section s) {
        JsonNode v = s.raw("fields");
        Map<String, Object> out = new LinkedHashMap<>();
        if (v == null) {
            return out;
        }
        if (!v.isObject()) {
            s.problem("fields", "expected a mapping of field names to values, got " + Section.describe(v));
            return out;
        }
        v.fields().forEachRemaining(e -> out.put(e.getKey(), AgentSchema.plain(e.getValue())));
        return out;
    }
}
