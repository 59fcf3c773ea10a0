package dev.flotilla.shipper.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flotilla.shipper.text.Durations;
import dev.flotilla.shipper.text.Sizes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A mapping of the YAML tree being validated. Every getter records the key as known; {@link #finish()} then refuses
 * any other key, naming its path and the keys allowed there. Problems are collected, not thrown, so one start
 * reports all of them.
 */
final class Section {
    private final JsonNode node;
    private final String path;
    private final List<String> problems;
    private final Set<String> known = new LinkedHashSet<>();
    private final List<Section> children = new ArrayList<>();

    Section(JsonNode node, String path, List<String> problems) {
        this.node = node == null ? MissingNode.getInstance() : node;
        this.path = path;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    /** True when the mapping is absent or has no keys. */
    boolean isEmpty() {
        return !node.isObject() || node.isEmpty();
    }

    String keyPath(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    boolean has(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        return v != null && !v.isNull();
    }

    JsonNode raw(String key) {
        known.add(key);
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    void problem(String key, String message) {
        problems.add(keyPath(key) + ": " + message);
    }

    Section section(String key) {
        JsonNode v = raw(key);
        if (v != null && !v.isObject()) {
            problem(key, "expected a mapping of keys, got " + describe(v));
            v = null;
        }
        Section child = new Section(v, keyPath(key), problems);
        children.add(child);
        return child;
    }

    String string(String key, String def) {
        JsonNode v = raw(key);
        if (v == null) {
            return def;
        }
        if (v.isBoolean()) {
            problem(key, "expected a text value, got " + v + " (YAML reads yes, no, on, off, true and false as booleans:"
                    + " put the value in quotes)");
            return def;
        }
        if (!v.isTextual() && !v.isNumber()) {
            problem(key, "expected a text value, got " + describe(v));
            return def;
        }
        return v.asText();
    }

    boolean bool(String key, boolean def) {
        JsonNode v = raw(key);
        if (v == null) {
            return def;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        problem(key, "expected true or false, got " + describe(v));
        return def;
    }

    int integer(String key, int def, int min, int max) {
        JsonNode v = raw(key);
        if (v == null) {
            return def;
        }
        if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < min || v.intValue() > max) {
            problem(key, "expected a whole number from " + min + " to " + max + ", got " + describe(v));
            return def;
        }
        return v.intValue();
    }

    /** A size in bytes: a number, or a number with KB, KiB, MB, MiB, GB or GiB. */
    int bytes(String key, int def, int min, int max) {
        JsonNode v = raw(key);
        if (v == null) {
            return def;
        }
        Long parsed = v.isIntegralNumber() ? Long.valueOf(v.longValue()) : v.isTextual() ? Sizes.parse(v.textValue()) : null;
        if (parsed == null || parsed < min || parsed > max) {
            problem(key, "expected a size from " + min + " to " + max + " bytes (e.g. 1048576, 512KiB, 1MiB), got " + describe(v));
            return def;
        }
        return parsed.intValue();
    }

    /** A duration in Filebeat's notation: {@code 500ms}, {@code 10s}, {@code 5m}, {@code 1h30m}; plain 0 means zero. */
    Duration duration(String key, Duration def, Duration min, Duration max) {
        JsonNode v = raw(key);
        if (v == null) {
            return def;
        }
        Duration d = v.isIntegralNumber() && v.longValue() == 0 ? Duration.ZERO : v.isTextual() ? Durations.parse(v.textValue()) : null;
        if (d == null) {
            problem(key, "expected a duration such as 500ms, 10s, 5m or 1h, got " + describe(v));
            return def;
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            problem(key, "expected a duration from " + Durations.format(min) + " to " + Durations.format(max) + ", got " + describe(v));
            return def;
        }
        return d;
    }

    /** A list of text values; a single text value is accepted as a list of one. */
    List<String> strings(String key) {
        JsonNode v = raw(key);
        List<String> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (v.isTextual()) {
            out.add(v.textValue());
            return out;
        }
        if (!v.isArray()) {
            problem(key, "expected a list of text values, got " + describe(v));
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (e.isTextual() || e.isNumber()) {
                out.add(e.asText());
            } else {
                problems.add(keyPath(key) + "[" + i + "]: expected a text value, got " + describe(e));
            }
        }
        return out;
    }

    /** The elements of a list of mappings, each as a section named {@code key[i]}. */
    List<Section> sections(String key) {
        JsonNode v = raw(key);
        List<Section> out = new ArrayList<>();
        if (v == null) {
            return out;
        }
        if (!v.isArray()) {
            problem(key, "expected a list, got " + describe(v));
            return out;
        }
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            if (!e.isObject()) {
                problems.add(keyPath(key) + "[" + i + "]: expected a mapping of keys, got " + describe(e));
                continue;
            }
            Section s = new Section(e, keyPath(key) + "[" + i + "]", problems);
            children.add(s);
            out.add(s);
        }
        return out;
    }

    <E extends Enum<E>> E choice(String key, E def, Class<E> type, Function<String, String> toConstant) {
        JsonNode v = raw(key);
        if (v == null) {
            return def;
        }
        List<String> allowed = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            String shown = e.name().toLowerCase(java.util.Locale.ROOT);
            allowed.add(shown);
            if (v.isTextual() && toConstant.apply(v.textValue()).equals(e.name())) {
                return e;
            }
        }
        problem(key, "expected one of " + String.join(", ", allowed) + ", got " + describe(v));
        return def;
    }

    /** Refuses every key that no getter asked for, here and in every child section. */
    void finish() {
        if (node.isObject()) {
            Iterator<String> names = ((ObjectNode) node).fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                if (!known.contains(name)) {
                    problems.add(keyPath(name) + ": unknown key" + Suggest.didYouMean(name, dottedKnown(""))
                            + "; allowed here: " + String.join(", ", known));
                }
            }
        }
        for (Section c : children) {
            c.finish();
        }
    }

    /**
     * The keys allowed here and, dotted, in the mappings below (close.inactive, multiline.pattern): a misspelling such
     * as close_inactive is then answered with the key meant. Lists below are left out.
     */
    private Set<String> dottedKnown(String prefix) {
        Set<String> out = new LinkedHashSet<>();
        for (String k : known) {
            out.add(prefix + k);
        }
        for (Section c : children) {
            String relative = c.path.startsWith(path) ? c.path.substring(path.isEmpty() ? 0 : path.length() + 1) : null;
            if (relative != null && !relative.isEmpty() && !relative.contains("[")) {
                out.addAll(c.dottedKnown(prefix + relative + "."));
            }
        }
        return out;
    }

    static String describe(JsonNode v) {
        if (v.isTextual()) {
            return "\"" + v.textValue() + "\"";
        }
        if (v.isArray()) {
            return "a list";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        return v.toString();
    }
}
