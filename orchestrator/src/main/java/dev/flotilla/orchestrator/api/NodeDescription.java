package dev.flotilla.orchestrator.api;

import java.util.List;
import java.util.Objects;

/**
 * What a node reports about itself when it joins and on every restart: name, the addresses others reach it on,
 * its Flotilla version and its resources.
 *
 * @param apiAddress  host:port of its control API (managers serve the cluster API there; workers a local one)
 * @param raftAddress host:port of its Raft endpoint (used once the node is a manager)
 * @param images      the image references its container engine has locally (sorted), so that a service whose
 *                    image no node has is refused before anything is created; empty when unknown
 * @param uiAddress   host:port of its visualizer while it is a manager, "" when it serves none
 * @param certificateNotAfter when its TLS certificate expires (epoch ms), 0 when not reported
 * @param certificateIssuer   the fingerprint ({@code sha256:...}) of the root CA that issued its certificate, ""
 *                            when not reported; a CA rotation finishes once every node reports the new root
 */
public record NodeDescription(String hostname, String apiAddress, String raftAddress, String version,
                              NodeResources resources, String os, String arch, List<String> images, String uiAddress,
                              Long certificateNotAfter, String certificateIssuer) {
    /** At most this many image references are reported. */
    public static final int MAX_IMAGES = 512;

    public NodeDescription {
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(apiAddress, "apiAddress");
        Objects.requireNonNull(raftAddress, "raftAddress");
        version = version == null ? "unknown" : version;
        resources = resources == null ? NodeResources.none() : resources;
        os = os == null ? "" : os;
        arch = arch == null ? "" : arch;
        images = images == null ? List.of() : images.stream().sorted().distinct().limit(MAX_IMAGES).toList();
        uiAddress = uiAddress == null ? "" : uiAddress;
        certificateNotAfter = certificateNotAfter == null ? 0L : certificateNotAfter;
        certificateIssuer = certificateIssuer == null ? "" : certificateIssuer;
    }

    public NodeDescription(String hostname, String apiAddress, String raftAddress, String version, NodeResources resources,
                           String os, String arch, List<String> images, String uiAddress) {
        this(hostname, apiAddress, raftAddress, version, resources, os, arch, images, uiAddress, 0L, "");
    }

    public NodeDescription(String hostname, String apiAddress, String raftAddress, String version, NodeResources resources,
                           String os, String arch, List<String> images) {
        this(hostname, apiAddress, raftAddress, version, resources, os, arch, images, "");
    }

    /** A description without image information. */
    public NodeDescription(String hostname, String apiAddress, String raftAddress, String version, NodeResources resources,
                           String os, String arch) {
        this(hostname, apiAddress, raftAddress, version, resources, os, arch, List.of());
    }

    public NodeDescription withImages(List<String> refs) {
        return new NodeDescription(hostname, apiAddress, raftAddress, version, resources, os, arch, refs, uiAddress,
                certificateNotAfter, certificateIssuer);
    }

    public NodeDescription withUiAddress(String address) {
        return new NodeDescription(hostname, apiAddress, raftAddress, version, resources, os, arch, images, address,
                certificateNotAfter, certificateIssuer);
    }

    /** What the node's certificate says: when it expires and which root CA issued it. */
    public NodeDescription withCertificate(long notAfterEpochMillis, String issuerFingerprint) {
        return new NodeDescription(hostname, apiAddress, raftAddress, version, resources, os, arch, images, uiAddress,
                notAfterEpochMillis, issuerFingerprint);
    }
}
