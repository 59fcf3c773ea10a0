package dev.flotilla.orchestrator.identity;

/** A data directory that cannot be used as asked; the message says why and what to do. Nothing was deleted. */
public final class DataDirException extends Exception {
    public DataDirException(String message) {
        super(message);
    }

    public DataDirException(String message, Throwable cause) {
        super(message, cause);
    }
}
