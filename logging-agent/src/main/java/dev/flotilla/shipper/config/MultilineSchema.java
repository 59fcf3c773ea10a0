package dev.flotilla.shipper.config;

import java.time.Duration;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code multiline}: Filebeat's pattern mode, plus the presets {@code tomcat_juli} and {@code logback}. */
final class MultilineSchema {
    private MultilineSchema() {
    }

    static MultilineConfig read(Section input) {
        boolean present = input.has("multiline");
        // read even when absent (every getter then gives its default), so the keys are known for "did you mean"
        Section m = input.section("multiline");
        String type = m.string("type", "pattern");
        if (!type.equals("pattern")) {
            m.problem("type", "only pattern is supported (with pattern, negate, match), got \"" + type + "\"");
        }
        String preset = m.string("preset", null);
        MultilineConfig base = null;
        if (preset != null) {
            base = switch (preset) {
                case "tomcat_juli" -> MultilineConfig.tomcatJuli();
                case "logback" -> MultilineConfig.logback();
                default -> {
                    m.problem("preset", "expected tomcat_juli or logback, got \"" + preset + "\"");
                    yield null;
                }
            };
        }
        String patternText = m.string("pattern", null);
        Pattern pattern = base == null ? null : base.pattern();
        if (patternText != null) {
            try {
                pattern = Pattern.compile(patternText);
            } catch (PatternSyntaxException e) {
                m.problem("pattern", "not a valid regular expression: " + e.getDescription() + " near index " + e.getIndex());
            }
        } else if (preset == null && present) {
            m.problem("pattern", "missing: give a pattern (e.g. '^\\d{4}-\\d{2}-\\d{2}') or a preset (tomcat_juli or logback)");
        }
        boolean negate = m.bool("negate", base != null && base.negate());
        MultilineConfig.Match match = m.choice("match", base == null ? MultilineConfig.Match.AFTER : base.match(),
                MultilineConfig.Match.class, AgentSchema::constantOf);
        if (!m.has("match") && base == null && patternText != null) {
            m.problem("match", "missing: say whether continuation lines belong to the line before (after) or after (before)");
        }
        int maxLines = m.integer("max_lines", MultilineConfig.DEFAULT_MAX_LINES, 1, 100_000);
        Duration timeout = m.duration("timeout", MultilineConfig.DEFAULT_TIMEOUT, Duration.ofMillis(10), Duration.ofHours(1));
        return !present || pattern == null ? null : new MultilineConfig(pattern, negate, match, maxLines, timeout);
    }
}
