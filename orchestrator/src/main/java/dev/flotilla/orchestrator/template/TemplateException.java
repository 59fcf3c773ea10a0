package dev.flotilla.orchestrator.template;

/** A template that cannot be parsed, or whose expansion is not safe to use; the message is meant for the user. */
public final class TemplateException extends IllegalArgumentException {
    public TemplateException(String message) {
        super(message);
    }
}
