package dev.flotilla.tomcat.install;

/**
 * The Tomcat in front of us is not one we can patch safely, or the command line is wrong. The message says what
 * is wrong and what to do; nothing has been changed when this is thrown.
 */
public final class Refusal extends Exception {
    private final int exitCode;

    public Refusal(String message) {
        this(message, Main.EXIT_REFUSED);
    }

    public Refusal(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
