package dev.flotilla.shipper.output.beats;

import java.io.IOException;

/** The peer sent bytes that are not valid Lumberjack v2 here; the message says what was wrong. */
public final class ProtocolException extends IOException {
    private static final long serialVersionUID = 1L;

    public ProtocolException(String message) {
        super(message);
    }

    public ProtocolException(String message, Throwable cause) {
        super(message, cause);
    }
}
