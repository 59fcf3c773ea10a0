package dev.flotilla.shipper.text;

/**
 * A network address written {@code host:port}, {@code [v6-address]:port}, or a bare host with a default port: the
 * one grammar for every address the agent reads (Logstash hosts in the configuration and on the command line, the
 * receiver's listen address). IPv6 literals are always bracketed, as in URLs ({@code [::1]:5044}, {@code [::1]}):
 * unbracketed, {@code ::1:5044} could be an address with a port or an address alone, so it is refused rather than
 * guessed. Port 0 ("any free port") is accepted only by {@link #parseListen}.
 */
public record HostPort(String host, int port) {
    /** Logstash's Beats port, Filebeat's default when a host is written without one. */
    public static final int DEFAULT_BEATS_PORT = 5044;
    private static final String HOW = "write host:port, for example logstash:5044";

    public HostPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the host is empty; " + HOW);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0-65535");
        }
    }

    /**
     * Parses a peer address; a bare host gets {@link #DEFAULT_BEATS_PORT}.
     *
     * @throws IllegalArgumentException naming the text, what is wrong and how to write it
     */
    public static HostPort parse(String text) {
        return parse(text, DEFAULT_BEATS_PORT);
    }

    /**
     * Parses a peer address; {@code defaultPort} is used when no port is written (a negative one requires a port).
     *
     * @throws IllegalArgumentException naming the text, what is wrong and how to write it
     */
    public static HostPort parse(String text, int defaultPort) {
        return parse(text, defaultPort, 1);
    }

    /** Like {@link #parse(String, int)} but also accepts port 0, meaning "any free port", for listening. */
    public static HostPort parseListen(String text, int defaultPort) {
        return parse(text, defaultPort, 0);
    }

    private static HostPort parse(String text, int defaultPort, int minPort) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an address is empty; " + HOW);
        }
        String s = text.trim();
        if (s.contains("://")) {
            throw bad(text, "an address has no scheme; " + HOW);
        }
        String host;
        String portText;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw bad(text, "the '[' of an IPv6 address has no closing ']' (write [::1]:5044)");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (rest.isEmpty()) {
                portText = null;
            } else if (rest.startsWith(":")) {
                portText = rest.substring(1);
            } else {
                throw bad(text, "expected ':port' after ']' (write [::1]:5044)");
            }
        } else {
            int first = s.indexOf(':');
            int last = s.lastIndexOf(':');
            if (first < 0) {
                host = s;
                portText = null;
            } else if (first == last) {
                host = s.substring(0, first);
                portText = s.substring(first + 1);
            } else {
                throw bad(text, "an IPv6 address must be bracketed, as in [::1]:5044");
            }
        }
        if (host.isEmpty()) {
            throw bad(text, "the host is empty; " + HOW);
        }
        if (host.contains(" ") || host.contains("/")) {
            throw bad(text, "the host contains a space or a '/'; " + HOW);
        }
        return new HostPort(host, port(text, portText, defaultPort, minPort));
    }

    private static int port(String text, String portText, int defaultPort, int minPort) {
        if (portText == null) {
            if (defaultPort < minPort) {
                throw bad(text, "the port is missing; " + HOW);
            }
            return defaultPort;
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw bad(text, "the port '" + portText + "' is not a number; " + HOW);
        }
        if (port < minPort || port > 65535) {
            throw bad(text, "the port " + port + " is outside " + minPort + "-65535");
        }
        return port;
    }

    private static IllegalArgumentException bad(String text, String why) {
        return new IllegalArgumentException("'" + text + "' is not a valid host:port: " + why);
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
