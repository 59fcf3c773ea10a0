package dev.flotilla.orchestrator.client;

import dev.flotilla.orchestrator.identity.DataDir;
import dev.flotilla.orchestrator.json.Json;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The CLI's config file (mode 0600): the administrator's credential, the cluster CA certificate the CLI trusts
 * managers by (PEM), the managers' API addresses (kept up to date from the managers' replies), and the join tokens
 * this administrator was given (the cluster keeps only hashes).
 * Found at {@code --config}, else {@code $FLOTILLA_CONFIG}, else {@code ~/.flotilla/config.json}.
 */
public record ClientConfig(String clusterId, String credential, List<String> managers, Map<String, String> tokens,
                           String caCertificate) {
    public static final String ENV = "FLOTILLA_CONFIG";

    public ClientConfig {
        managers = managers == null ? List.of() : List.copyOf(managers);
        tokens = tokens == null ? Map.of() : Map.copyOf(new TreeMap<>(tokens));
    }

    public static Path defaultPath(String explicit) {
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String env = System.getenv(ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return Path.of(System.getProperty("user.home"), ".flotilla", "config.json");
    }

    /** Reads the file; a missing file is an empty config, a broken one an error naming the file. */
    public static ClientConfig load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return new ClientConfig("", null, List.of(), Map.of(), null);
        }
        try {
            return Json.read(Files.readAllBytes(file), ClientConfig.class);
        } catch (IOException e) {
            throw new IOException("the config file " + file + " is not valid (" + Json.problem(e) + "); fix it or"
                    + " point --config at another one", e);
        }
    }

    public void save(Path file) throws IOException {
        DataDir.writePrivate(file, Json.pretty(this));
    }

    public ClientConfig withManagers(List<String> m) {
        return new ClientConfig(clusterId, credential, m, tokens, caCertificate);
    }

    /** After a CA rotation: the new root to trust, and the tokens with the secrets kept under their new prefix. */
    public ClientConfig withRoot(String rootPem, UnaryOperator<String> retoken) {
        Map<String, String> t = new TreeMap<>();
        tokens.forEach((role, token) -> t.put(role, retoken.apply(token)));
        return new ClientConfig(clusterId, credential, managers, t, rootPem);
    }

    public ClientConfig withToken(String role, String token) {
        Map<String, String> t = new TreeMap<>(tokens);
        t.put(role, token);
        return new ClientConfig(clusterId, credential, managers, t, caCertificate);
    }
}
