package dev.flotilla.shipper.config;

/** A Logstash endpoint. IPv6 literals are written in brackets: {@code [::1]:5044}. */
public record HostPort(String host, int port) {
    public static final int DEFAULT_BEATS_PORT = 5044;

    public HostPort {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("the host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is outside 1-65535");
        }
    }

    /**
     * Parses {@code host:port}, {@code [v6]:port}, or a bare host (Filebeat's default port 5044 then applies).
     *
     * @throws IllegalArgumentException with a message saying what is wrong
     */
    public static HostPort parse(String text) {
        String s = text == null ? "" : text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("expected host:port, got an empty value");
        }
        String host;
        String portText = null;
        if (s.startsWith("[")) {
            int close = s.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("'" + s + "' opens '[' without closing ']' (write [::1]:5044)");
            }
            host = s.substring(1, close);
            String rest = s.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw new IllegalArgumentException("'" + s + "': expected ':port' after ']'");
                }
                portText = rest.substring(1);
            }
        } else {
            int colon = s.lastIndexOf(':');
            if (colon >= 0 && s.indexOf(':') != colon) {
                throw new IllegalArgumentException("'" + s + "' looks like an IPv6 address: write it as [" + s + "]:5044");
            }
            host = colon < 0 ? s : s.substring(0, colon);
            portText = colon < 0 ? null : s.substring(colon + 1);
        }
        int port = DEFAULT_BEATS_PORT;
        if (portText != null) {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + s + "': port '" + portText + "' is not a number (expected host:port, e.g. logstash:5044)");
            }
        }
        if (host.isBlank()) {
            throw new IllegalArgumentException("'" + s + "': the host is empty (expected host:port, e.g. logstash:5044)");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + s + "': port " + port + " is outside 1-65535");
        }
        return new HostPort(host, port);
    }

    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
