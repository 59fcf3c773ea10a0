package dev.flotilla.orchestrator.runtime;

/**
 * Why the runtime could not do what was asked. {@link Kind#REJECTED} means the task cannot run on this node as
 * specified (image missing, mount source that cannot be created, a spec the engine refuses): retrying the same
 * spec here will not help. {@link Kind#FAILED} means the engine or the container failed; {@link #retryable()}
 * says whether trying again may succeed. The message is meant for {@code service ps}.
 */
public final class RuntimeFailure extends Exception {
    /** Task states the agent reports for a failure. */
    public enum Kind {
        REJECTED, FAILED
    }

    private final Kind kind;
    private final boolean retryable;

    public RuntimeFailure(Kind kind, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryable = retryable;
    }

    public static RuntimeFailure rejected(String message) {
        return new RuntimeFailure(Kind.REJECTED, message, false, null);
    }

    public static RuntimeFailure failed(String message, boolean retryable, Throwable cause) {
        return new RuntimeFailure(Kind.FAILED, message, retryable, cause);
    }

    public Kind kind() {
        return kind;
    }

    public boolean retryable() {
        return retryable;
    }
}
