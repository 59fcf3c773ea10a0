package dev.flotilla.orchestrator.spec;

import java.util.Locale;
import java.util.Map;

/**
 * A placement constraint: {@code node.role}, {@code node.hostname}, {@code node.id} or {@code node.labels.X},
 * compared with {@code ==} or {@code !=}. Values compare case-insensitively and a missing label counts as the
 * empty value, as in Swarm, so {@code node.labels.zone!=eu} holds on a node without a zone label.
 */
public record Constraint(Attribute attribute, String label, boolean equal, String value) {
    private static final String FLAG = "--constraint";
    private static final String LABELS = "node.labels.";
    private static final String HOW = "write it like node.role==manager, node.hostname!=node-3, node.id==ID or"
            + " node.labels.zone==eu";

    /** What a constraint looks at. */
    public enum Attribute {
        ROLE("node.role"), HOSTNAME("node.hostname"), ID("node.id"), LABEL("node.labels");

        private final String key;

        Attribute(String key) {
            this.key = key;
        }

        public String key() {
            return key;
        }
    }

    public Constraint {
        if ((attribute == Attribute.LABEL) == (label == null)) {
            throw new IllegalArgumentException("a label name goes with node.labels and only with it");
        }
    }

    public static Constraint parse(String text) {
        String t = text.strip();
        int eq = t.indexOf("==");
        int ne = t.indexOf("!=");
        if ((eq < 0) == (ne < 0)) {
            throw new SpecException(FLAG + " \"" + text + "\": " + (eq < 0 ? "no operator" : "two operators")
                    + "; use == or !=, " + HOW);
        }
        int at = eq >= 0 ? eq : ne;
        String key = t.substring(0, at).strip();
        String value = t.substring(at + 2).strip();
        if (value.isEmpty() || value.contains("==") || value.contains("!=") || value.chars().anyMatch(Character::isWhitespace)) {
            throw new SpecException(FLAG + " \"" + text + "\": the value after the operator must be one word; " + HOW);
        }
        if (key.startsWith(LABELS)) {
            String label = key.substring(LABELS.length());
            if (label.isEmpty() || label.chars().anyMatch(Character::isWhitespace)) {
                throw new SpecException(FLAG + " \"" + text + "\": node.labels needs a label name; " + HOW);
            }
            return new Constraint(Attribute.LABEL, label, eq >= 0, value);
        }
        Attribute attribute = switch (key.toLowerCase(Locale.ROOT)) {
            case "node.role" -> Attribute.ROLE;
            case "node.hostname" -> Attribute.HOSTNAME;
            case "node.id" -> Attribute.ID;
            default -> throw new SpecException(FLAG + " \"" + text + "\": unknown attribute \"" + key + "\"; the"
                    + " attributes are node.role, node.hostname, node.id and node.labels.<name>");
        };
        if (attribute == Attribute.ROLE && !value.equalsIgnoreCase("manager") && !value.equalsIgnoreCase("worker")) {
            throw new SpecException(FLAG + " \"" + text + "\": node.role is manager or worker, not \"" + value + "\"");
        }
        return new Constraint(attribute, null, eq >= 0, value);
    }

    /** Does a node with these facts satisfy the constraint? {@code role} is "manager" or "worker". */
    public boolean matches(String nodeId, String hostname, String role, Map<String, String> labels) {
        String actual = switch (attribute) {
            case ROLE -> role;
            case HOSTNAME -> hostname;
            case ID -> nodeId;
            case LABEL -> labels.getOrDefault(label, "");
        };
        return value.equalsIgnoreCase(actual == null ? "" : actual) == equal;
    }

    public String format() {
        return (attribute == Attribute.LABEL ? LABELS + label : attribute.key()) + (equal ? "==" : "!=") + value;
    }
}
