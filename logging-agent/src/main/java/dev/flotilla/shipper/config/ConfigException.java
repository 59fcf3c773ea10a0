package dev.flotilla.shipper.config;

import java.util.List;

/** The configuration is refused: every problem names the key's path and what is allowed there. */
public final class ConfigException extends RuntimeException {
    private final List<String> problems;

    public ConfigException(String source, List<String> problems) {
        super(format(source, problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }

    private static String format(String source, List<String> problems) {
        StringBuilder sb = new StringBuilder();
        sb.append(source).append(": ").append(problems.size() == 1 ? "1 problem" : problems.size() + " problems")
                .append(", the agent did not start:");
        for (String p : problems) {
            sb.append("\n  - ").append(p);
        }
        return sb.toString();
    }
}
