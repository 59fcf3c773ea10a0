package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.wire.RegistryCredential;
import picocli.CommandLine.Option;

import java.util.Map;

/** {@code --with-registry-auth} and {@code --no-resolve-image}, on {@code service create} and {@code service update}. */
final class RegistryFlags {
    @Option(names = "--with-registry-auth", description = "Send the registry credential of this machine's Docker"
            + " client (~/.docker/config.json) to the nodes that run the service's tasks, so they can pull a private"
            + " image. Kept sealed in the cluster state; never shown.")
    boolean withRegistryAuth;

    @Option(names = "--no-resolve-image", description = "Accepted for docker compatibility: Flotilla does not query"
            + " the registry to pin the image's digest; each node pulls the tag as it is when it needs it.")
    boolean noResolveImage;

    /** The headers for the manager: the credential for {@code image}'s registry when asked, else none. */
    Map<String, String> headers(String image) {
        if (!withRegistryAuth) {
            return Map.of();
        }
        RegistryCredential c = new DockerCredentials(System.getenv()).forImage(image);
        return Map.of(RegistryCredential.HEADER, DockerCredentials.header(c));
    }
}
