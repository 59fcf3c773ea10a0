package dev.flotilla.orchestrator.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code -f/--filter KEY=VALUE} options of docker's list commands: values of one key are alternatives,
 * different keys must all match. Each list command names its keys and how a key's value matches an item.
 */
record Filters<T>(Map<String, List<String>> terms, Rule<T> rule) {

    /** Whether {@code item} matches {@code key=value}. */
    @FunctionalInterface
    interface Rule<T> {
        boolean matches(String key, String value, T item);
    }

    /** Parses the given filters against the allowed keys (in the order to show them); an unknown key is refused. */
    static <T> Filters<T> parse(List<String> raw, List<String> keys, Rule<T> rule) {
        Map<String, List<String>> terms = new LinkedHashMap<>();
        for (String f : raw) {
            int eq = f.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--filter \"" + f + "\": write KEY=VALUE, for example " + keys.get(0)
                        + "=...");
            }
            String key = f.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (!keys.contains(key)) {
                throw new IllegalArgumentException("--filter \"" + f + "\": unknown key " + key + "; use "
                        + String.join(", ", keys.subList(0, keys.size() - 1)) + " or " + keys.get(keys.size() - 1));
            }
            terms.computeIfAbsent(key, k -> new ArrayList<>()).add(f.substring(eq + 1).strip());
        }
        return new Filters<>(Map.copyOf(terms), rule);
    }

    /** Refuses a key's value outside {@code allowed} (compared without case). */
    Filters<T> oneOf(String key, Set<String> allowed) {
        for (String v : terms.getOrDefault(key, List.of())) {
            if (!allowed.contains(v.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("--filter \"" + key + "=" + v + "\": use " + key + "="
                        + String.join("|", allowed.stream().sorted().toList()));
            }
        }
        return this;
    }

    boolean matches(T item) {
        return terms.entrySet().stream().allMatch(e -> e.getValue().stream()
                .anyMatch(v -> rule.matches(e.getKey(), v, item)));
    }

    List<T> apply(List<T> items) {
        return terms.isEmpty() ? items : items.stream().filter(this::matches).toList();
    }

    /** docker's label filter: {@code label=KEY} (the label is set) or {@code label=KEY=VALUE}. */
    static boolean label(String value, Map<String, String> labels) {
        int eq = value.indexOf('=');
        return eq < 0 ? labels.containsKey(value) : value.substring(eq + 1).equals(labels.get(value.substring(0, eq)));
    }
}
