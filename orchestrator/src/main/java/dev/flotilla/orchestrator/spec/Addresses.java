package dev.flotilla.orchestrator.spec;

import java.net.InetSocketAddress;

/** host:port strings as the user types them, with IPv6 in brackets. */
public final class Addresses {
    private Addresses() {
    }

    public static String host(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        String h = colon < 0 ? hostPort : hostPort.substring(0, colon);
        return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
    }

    public static int port(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("'" + hostPort + "' has no port: expected HOST:PORT");
        }
        try {
            int p = Integer.parseInt(hostPort.substring(colon + 1));
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + hostPort + "' has an invalid port: expected HOST:PORT with a"
                    + " port from 1 to 65535");
        }
    }

    /** Parses HOST[:PORT], using {@code defaultPort} when the port is absent. */
    public static String withDefaultPort(String text, int defaultPort) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an address is required");
        }
        String t = text.trim();
        boolean bracketed = t.startsWith("[");
        boolean hasPort = bracketed ? t.contains("]:") : t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':');
        String hp = hasPort ? t : (t.contains(":") && !bracketed ? "[" + t + "]" : t) + ":" + defaultPort;
        port(hp);
        if (host(hp).isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no host: expected HOST[:PORT]");
        }
        return hp;
    }

    public static InetSocketAddress socket(String hostPort) {
        return new InetSocketAddress(host(hostPort), port(hostPort));
    }

    public static boolean isWildcard(String host) {
        return host.equals("0.0.0.0") || host.equals("::") || host.equals("0:0:0:0:0:0:0:0");
    }

    public static String join(String host, int port) {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
