package dev.flotilla.orchestrator.daemon;

import dev.flotilla.orchestrator.identity.DaemonTuning;
import dev.flotilla.orchestrator.identity.LocalNode;
import dev.flotilla.orchestrator.spec.Addresses;

import java.nio.file.Path;

/**
 * What the user said about a new node on {@code init} or {@code join}; null means "use the default".
 *
 * @param advertise HOST[:PORT] other nodes reach this node's API on
 * @param listen    HOST[:PORT] the API binds (default: the advertise address; never all interfaces by default)
 * @param raftPort  the Raft port (default: API port + 1)
 */
public record NodeOptions(Path dataDir, String advertise, String listen, Integer raftPort, String hostname,
                          DaemonTuning tuning, Long heartbeatMillis) {
    public static final int DEFAULT_API_PORT = 4242;

    /** The addresses this node will use, resolved from the options and the machine. */
    public record Resolved(String hostname, String apiAddress, String listenAddress, String raftAddress) {
    }

    public Resolved resolve() {
        String adv = advertise;
        if (adv == null || adv.isBlank()) {
            adv = LocalNode.defaultAdvertiseAddress();
            if (adv == null) {
                throw new IllegalArgumentException("could not choose an address to advertise (this machine has no"
                        + " non-loopback IPv4 address); pass --advertise-addr HOST[:PORT]");
            }
        }
        int listenPort = listen == null ? DEFAULT_API_PORT : Addresses.port(Addresses.withDefaultPort(listen,
                DEFAULT_API_PORT));
        String api = Addresses.withDefaultPort(adv, listenPort);
        String bind = listen == null ? api : Addresses.withDefaultPort(listen, Addresses.port(api));
        if (Addresses.isWildcard(Addresses.host(api))) {
            throw new IllegalArgumentException("--advertise-addr must be an address other nodes can reach, not "
                    + Addresses.host(api));
        }
        int rp = raftPort == null ? Addresses.port(bind) + 1 : raftPort;
        if (rp < 1 || rp > 65535 || rp == Addresses.port(bind)) {
            throw new IllegalArgumentException("invalid --raft-port " + rp + ": it must be a free port other than the"
                    + " API port " + Addresses.port(bind));
        }
        String host = hostname == null || hostname.isBlank() ? LocalNode.hostname() : hostname.trim();
        if (!host.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,252}")) {
            throw new IllegalArgumentException("invalid --hostname '" + hostname + "': use letters, digits, '.', '_'"
                    + " and '-'");
        }
        return new Resolved(host, api, bind, Addresses.join(Addresses.host(api), rp));
    }
}
