package dev.flotilla.shipper.output.beats;

/**
 * A peer address written {@code host:port}, {@code [v6-address]:port}, or a bare host with the default port.
 * IPv6 literals are always bracketed, as in URLs ({@code [::1]:5044}, {@code [::1]}): unbracketed, {@code ::1:5044}
 * could be an address with a port or an address alone, so it is refused rather than guessed.
 */
public record HostPort(String host, int port) {

    public HostPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the host is empty");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 0-65535");
        }
    }

    /**
     * Parses {@code text}; {@code defaultPort} is used when no port is written (pass 0 to require a port).
     *
     * @throws IllegalArgumentException with a message naming the text and the expected form
     */
    public static HostPort parse(String text, int defaultPort) {
        return parse(text, defaultPort, 1);
    }

    /** Like {@link #parse(String, int)} but also accepts port 0, meaning "any free port", for listening; a negative {@code defaultPort} requires a port. */
    public static HostPort parseListen(String text, int defaultPort) {
        return parse(text, defaultPort, 0);
    }

    private static HostPort parse(String text, int defaultPort, int minPort) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an address is empty; write host:port, for example logstash:5044");
        }
        String s = text.trim();
        String host;
        String portText;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw bad(text, "the '[' of an IPv6 address has no closing ']'");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (rest.isEmpty()) {
                portText = null;
            } else if (rest.startsWith(":")) {
                portText = rest.substring(1);
            } else {
                throw bad(text, "expected ':port' after ']'");
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
            throw bad(text, "the host is empty");
        }
        if (host.contains(" ") || host.contains("/")) {
            throw bad(text, "the host contains a space or a '/'");
        }
        return new HostPort(host, port(text, portText, defaultPort, minPort));
    }

    private static int port(String text, String portText, int defaultPort, int minPort) {
        if (portText == null) {
            if (defaultPort < minPort || defaultPort < 0) {
                throw bad(text, "the port is missing");
            }
            return defaultPort;
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw bad(text, "the port '" + portText + "' is not a number");
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
