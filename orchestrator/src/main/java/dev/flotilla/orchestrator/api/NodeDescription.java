package dev.flotilla.orchestrator.api;

import java.util.Objects;

/**
 * What a node reports about itself when it joins and on every restart: name, the addresses others reach it on,
 * its Flotilla version and its resources.
 *
 * @param apiAddress  host:port of its control API (managers serve the cluster API there; workers a local one)
 * @param raftAddress host:port of its Raft endpoint (used once the node is a manager)
 */
public record NodeDescription(String hostname, String apiAddress, String raftAddress, String version,
                              Resources resources, String os, String arch) {
    public NodeDescription {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(apiAddress, "apiAddress");
        Objects.requireNonNull(raftAddress, "raftAddress");
        version = version == null ? "unknown" : version;
        resources = resources == null ? Resources.none() : resources;
        os = os == null ? "" : os;
        arch = arch == null ? "" : arch;
    }
}
