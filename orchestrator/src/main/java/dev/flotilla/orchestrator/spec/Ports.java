package dev.flotilla.orchestrator.spec;

import java.util.Locale;

/**
 * {@code --publish}: the short form {@code published:target[/tcp|udp]} and the long form
 * {@code published=8080,target=80[,protocol=udp][,mode=host]}. Flotilla binds published ports on each node's
 * advertise address (Swarm's {@code mode=host}); there is no routing mesh, so {@code mode=ingress} is refused.
 */
public final class Ports {
    private static final String FLAG = "--publish";

    private Ports() {
    }

    public static PortSpec parse(String text) {
        String t = text.strip();
        if (t.isEmpty()) {
            throw new SpecException(FLAG + " is empty; write published:target, for example 8080:8080");
        }
        return t.contains("=") ? parseLong(text, t) : parseShort(text, t);
    }

    private static PortSpec parseShort(String text, String t) {
        Protocol protocol = Protocol.TCP;
        int slash = t.indexOf('/');
        String ports = t;
        if (slash >= 0) {
            protocol = protocol(text, t.substring(slash + 1));
            ports = t.substring(0, slash);
        }
        String[] parts = ports.split(":", -1);
        if (parts.length == 1) {
            String example = ports.matches("\\d{1,5}") ? ports + ":" + ports : "8080:80";
            throw new SpecException(FLAG + " \"" + text + "\": give both ports as published:target (for example "
                    + example + "); Flotilla does not pick a published port for you");
        }
        if (parts.length != 2) {
            throw new SpecException(FLAG + " \"" + text + "\": write published:target[/tcp|udp], for example "
                    + "8080:8080; an address cannot be given (ports are bound on the node's advertise address)");
        }
        return new PortSpec(port(text, "published", parts[0]), port(text, "target", parts[1]), protocol);
    }

    private static PortSpec parseLong(String text, String t) {
        Integer published = null;
        Integer target = null;
        Protocol protocol = Protocol.TCP;
        for (String field : Csv.split(t, FLAG)) {
            int eq = field.indexOf('=');
            if (eq < 0) {
                throw new SpecException(FLAG + " \"" + text + "\": \"" + field + "\" is not key=value; the keys are"
                        + " published, target, protocol and mode");
            }
            String key = field.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            String value = field.substring(eq + 1).strip();
            switch (key) {
                case "published" -> published = port(text, "published", value);
                case "target" -> target = port(text, "target", value);
                case "protocol" -> protocol = protocol(text, value);
                case "mode" -> checkMode(text, value);
                default -> throw new SpecException(FLAG + " \"" + text + "\": unknown key \"" + key
                        + "\"; the keys are published, target, protocol and mode");
            }
        }
        if (published == null || target == null) {
            throw new SpecException(FLAG + " \"" + text + "\": both published= and target= are needed, for example"
                    + " published=8080,target=8080");
        }
        return new PortSpec(published, target, protocol);
    }

    private static void checkMode(String text, String mode) {
        if (!mode.equalsIgnoreCase("host")) {
            throw new SpecException(FLAG + " \"" + text + "\": mode=" + mode + " is not supported; Flotilla publishes"
                    + " every port on each node's advertise address (mode=host), so leave mode out");
        }
    }

    private static Protocol protocol(String text, String value) {
        return Protocol.parse(value.strip()).orElseThrow(() -> new SpecException(FLAG + " \"" + text
                + "\": unknown protocol \"" + value + "\"; use tcp or udp"));
    }

    private static int port(String text, String which, String value) {
        String v = value.strip();
        if (v.contains("-")) {
            throw new SpecException(FLAG + " \"" + text + "\": port ranges are not supported; publish each port"
                    + " with its own --publish");
        }
        try {
            int port = Integer.parseInt(v);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SpecException(FLAG + " \"" + text + "\": the " + which + " port \"" + v + "\" is not a port"
                + " number; use 1 to 65535");
    }
}
