package dev.flotilla.orchestrator.runtime;

import java.util.Objects;

/**
 * A credential for one registry, as the node agent hands it to the engine for a pull. Its {@link #toString} never
 * shows the secret, so it cannot end up in a log line by accident.
 *
 * @param server   the registry host as images name it ({@code registry.example:5000}; {@code docker.io} for Docker Hub)
 * @param username the user, or "" with an identity token
 * @param secret   the password, or the identity token when {@code username} is ""
 */
public record RegistryAuth(String server, String username, String secret) {
    public RegistryAuth {
        Objects.requireNonNull(server, "server");
        username = username == null ? "" : username;
        secret = secret == null ? "" : secret;
    }

    @Override
    public String toString() {
        return "RegistryAuth[" + server + ", user " + (username.isEmpty() ? "(token)" : username) + "]";
    }
}
