package dev.flotilla.orchestrator.cli;

/** A failure the CLI reports as one line and an exit code, never with a stack trace. */
public final class CliError extends RuntimeException {
    private final int exitCode;

    public CliError(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
