package dev.flotilla.orchestrator.spec;

import java.util.List;

/**
 * A service definition the user must fix. It carries every problem found, not just the first, each one naming
 * the flag, what is wrong and how to write it instead; {@link #getMessage()} lists them one per line.
 */
public final class SpecException extends IllegalArgumentException {
    private final List<String> problems;

    public SpecException(List<String> problems) {
        super(String.join("\n", problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a SpecException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    public SpecException(String problem) {
        this(List.of(problem));
    }

    public List<String> problems() {
        return problems;
    }
}
