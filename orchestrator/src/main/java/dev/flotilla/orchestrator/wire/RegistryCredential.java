package dev.flotilla.orchestrator.wire;

import java.util.Objects;

/**
 * A registry credential in flight: from the CLI ({@code --with-registry-auth}, in the {@code X-Registry-Auth}
 * header, as Docker's API carries it) to a manager, which seals it into the cluster state, and from the leader to
 * the nodes that run the service's tasks, in their assignments. {@link #toString} never shows the secret.
 *
 * @param server   the registry host the image names ({@code docker.io} for Docker Hub)
 * @param username the user, or "" when {@code secret} is an identity token
 */
public record RegistryCredential(String server, String username, String secret) {
    public static final String HEADER = "X-Registry-Auth";

    public RegistryCredential {
        Objects.requireNonNull(server, "server");
        username = username == null ? "" : username;
        secret = secret == null ? "" : secret;
    }

    @Override
    public String toString() {
        return "RegistryCredential[" + server + ", user " + (username.isEmpty() ? "(token)" : username) + "]";
    }
}
