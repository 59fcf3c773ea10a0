package dev.flotilla.orchestrator.client;

import javax.net.ssl.SSLException;

/** The reason inside a failed handshake, without the JDK's wrapping ("Received fatal alert: ..."). */
final class TlsErrors {
    private TlsErrors() {
    }

    static String describe(SSLException e) {
        Throwable t = e;
        String message = e.getMessage();
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
            if (t.getMessage() != null) {
                message = t.getMessage();
            }
        }
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        if (message.contains("bad_certificate") || message.contains("certificate_unknown")
                || message.contains("certificate_expired") || message.contains("certificate_revoked")) {
            return "the server did not accept this client's certificate (" + message + ")";
        }
        return message;
    }
}
