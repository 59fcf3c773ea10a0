package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.runtime.ContainerRuntime;
import dev.flotilla.orchestrator.wire.RegistryCredential;
import dev.flotilla.orchestrator.wire.ServiceViews;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code --with-registry-auth} and {@code --no-resolve-image}, on {@code service create} and {@code service update},
 * and what the manager says back about the image (a digest it could not record).
 */
final class RegistryFlags {
    @Option(names = "--with-registry-auth", description = "Send the registry credential of this machine's Docker"
            + " client (~/.docker/config.json) to the managers, which ask the registry for the image's digest with it,"
            + " and to the nodes that run the service's tasks, so they can pull a private image. Kept sealed in the"
            + " cluster state; never shown.")
    boolean withRegistryAuth;

    @Option(names = "--no-resolve-image", description = "Do not ask the registry for the image's digest: keep the"
            + " image as typed, so each node runs whatever the tag names when it pulls it (or the copy it has)."
            + " By default the tag is pinned to the digest the registry serves (IMAGE:TAG@sha256:...), so every"
            + " replica runs the same image.")
    boolean noResolveImage;

    /** The headers for the manager: the credential for {@code image}'s registry when asked, else none. */
    Map<String, String> headers(String image) {
        if (!withRegistryAuth) {
            return Map.of();
        }
        RegistryCredential c = new DockerCredentials(System.getenv()).forImage(image);
        return Map.of(RegistryCredential.HEADER, DockerCredentials.header(c));
    }

    /** {@code path} with the query flag of {@code --no-resolve-image} when given. */
    String path(String path) {
        return noResolveImage ? path + "?" + ServiceViews.NO_RESOLVE_IMAGE : path;
    }

    /** How much longer than other calls the manager may take: the time it may spend asking the registry. */
    Duration registryWait() {
        return noResolveImage ? Duration.ZERO : ContainerRuntime.DIGEST_LIMIT;
    }

    /** The manager's warnings, one line each on stderr, as docker prints them. */
    static void warn(CommandSpec spec, List<String> warnings) {
        for (String w : warnings) {
            spec.commandLine().getErr().println("Warning: " + w);
        }
        spec.commandLine().getErr().flush();
    }
}
