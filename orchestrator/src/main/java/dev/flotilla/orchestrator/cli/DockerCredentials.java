package dev.flotilla.orchestrator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.spec.ImageRef;
import dev.flotilla.orchestrator.wire.RegistryCredential;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code --with-registry-auth}: the credential the user's Docker client has for the registry of an image, read as
 * {@code docker} reads it: {@code $DOCKER_CONFIG/config.json} (default {@code ~/.docker/config.json}), its
 * {@code credHelpers} entry for the registry, then {@code credsStore}, then {@code auths} ({@code auth} is base64 of
 * {@code user:password}, or an {@code identitytoken}). A helper is run as {@code docker-credential-NAME get} with the
 * registry on stdin. Every failure says what is wrong and how to fix it, and nothing is sent to the cluster.
 */
final class DockerCredentials {
    private static final long HELPER_SECONDS = 20;
    /** {@code -Ddocker.config=DIR} (through FLOTILLA_JAVA_OPTS): the Docker config folder when DOCKER_CONFIG is unset. */
    static final String CONFIG_PROPERTY = "docker.config";
    private final Path configFile;
    private final Map<String, String> env;

    DockerCredentials(Map<String, String> env) {
        this.env = env;
        String dir = env.get("DOCKER_CONFIG");
        if (dir == null || dir.isBlank()) {
            dir = System.getProperty(CONFIG_PROPERTY);
        }
        this.configFile = (dir != null && !dir.isBlank() ? Path.of(dir) : Path.of(System.getProperty("user.home"),
                ".docker")).resolve("config.json");
    }

    /** The credential for the registry of {@code image}. */
    RegistryCredential forImage(String image) {
        String registry;
        try {
            registry = ImageRef.parse(image).registry();
        } catch (IllegalArgumentException e) {
            throw new CliError(ExitCodes.USAGE, e.getMessage());
        }
        JsonNode config = read();
        String helper = text(config.path("credHelpers").path(registry));
        if (helper.isEmpty()) {
            helper = text(config.path("credsStore"));
        }
        JsonNode auths = config.path("auths");
        JsonNode entry = entry(auths, registry);
        if (!helper.isEmpty() && (entry == null || text(entry.path("auth")).isEmpty())) {
            return fromHelper(helper, registry);
        }
        if (entry == null) {
            throw new CliError(ExitCodes.USAGE, "--with-registry-auth: " + configFile + " has no credential for "
                    + registry + "; log in first (docker login " + registry + ")");
        }
        String token = text(entry.path("identitytoken"));
        if (!token.isEmpty()) {
            return new RegistryCredential(registry, "", token);
        }
        String auth = text(entry.path("auth"));
        String plain;
        try {
            plain = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            plain = "";
        }
        int colon = plain.indexOf(':');
        if (colon <= 0) {
            throw new CliError(ExitCodes.USAGE, "--with-registry-auth: the auths entry for " + registry + " in "
                    + configFile + " is not base64 of user:password; log in again (docker login " + registry + ")");
        }
        return new RegistryCredential(registry, plain.substring(0, colon), plain.substring(colon + 1));
    }

    private JsonNode read() {
        if (!Files.exists(configFile)) {
            throw new CliError(ExitCodes.USAGE, "--with-registry-auth: " + configFile + " does not exist; log in to"
                    + " the registry first (docker login REGISTRY), or set DOCKER_CONFIG to the folder of your"
                    + " config.json");
        }
        try {
            JsonNode n = Json.mapper().readTree(Files.readAllBytes(configFile));
            if (n == null || !n.isObject()) {
                throw new IOException("not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new CliError(ExitCodes.USAGE, "--with-registry-auth: " + configFile + " is not a valid Docker"
                    + " config (" + Json.problem(e) + "); fix it or log in again (docker login REGISTRY)");
        }
    }

    /** The auths entry of a registry, also under the forms docker writes for Docker Hub and with a scheme. */
    private static JsonNode entry(JsonNode auths, String registry) {
        List<String> keys = registry.equals(ImageRef.DOCKER_HUB)
                ? List.of("https://index.docker.io/v1/", "index.docker.io", "docker.io")
                : List.of(registry, "https://" + registry, "http://" + registry, "https://" + registry + "/v2/");
        for (String k : keys) {
            if (auths.has(k)) {
                return auths.get(k);
            }
        }
        return null;
    }

    private RegistryCredential fromHelper(String helper, String registry) {
        String program = "docker-credential-" + helper;
        Path found = onPath(program);
        if (found == null) {
            throw new CliError(ExitCodes.FAILED, "--with-registry-auth: the credential helper " + program + " (named"
                    + " in " + configFile + " for " + registry + ") cannot be run: it is not on the PATH; install it,"
                    + " or remove it from the config and log in again");
        }
        Process p;
        try {
            ProcessBuilder pb = new ProcessBuilder(found.toString(), "get").redirectErrorStream(false);
            pb.environment().putAll(env);
            p = pb.start();
        } catch (IOException e) {
            throw new CliError(ExitCodes.FAILED, "--with-registry-auth: the credential helper " + program + " (named"
                    + " in " + configFile + " for " + registry + ") cannot be run: " + e.getMessage() + "; install"
                    + " it on this machine's PATH, or remove it from the config and log in again");
        }
        try {
            try (OutputStream in = p.getOutputStream()) {
                in.write(registry.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // a helper that exits without reading its input (broken pipe) is judged by its exit and output
            }
            if (!p.waitFor(HELPER_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new CliError(ExitCodes.FAILED, "--with-registry-auth: " + program + " did not answer within "
                        + HELPER_SECONDS + " s");
            }
            byte[] out = p.getInputStream().readAllBytes();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (p.exitValue() != 0) {
                String said = err.isEmpty() ? new String(out, StandardCharsets.UTF_8).strip() : err;
                throw new CliError(ExitCodes.FAILED, "--with-registry-auth: " + program + " get failed for " + registry
                        + " (exit " + p.exitValue() + (said.isEmpty() ? "" : ": " + said) + "); log in again"
                        + " (docker login " + registry + ")");
            }
            JsonNode n = Json.mapper().readTree(out);
            String user = text(n.path("Username"));
            String secret = text(n.path("Secret"));
            if (secret.isEmpty()) {
                throw new CliError(ExitCodes.FAILED, "--with-registry-auth: " + program + " returned no secret for "
                        + registry);
            }
            return new RegistryCredential(registry, user.equals("<token>") ? "" : user, secret);
        } catch (IOException e) {
            throw new CliError(ExitCodes.FAILED, "--with-registry-auth: " + program + " gave an answer that is not"
                    + " the credential helper protocol's JSON (" + Json.problem(e) + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliError(ExitCodes.FAILED, "--with-registry-auth: interrupted while asking " + program);
        }
    }

    private Path onPath(String program) {
        String path = env.getOrDefault("PATH", "");
        for (String d : path.split(java.io.File.pathSeparator)) {
            if (!d.isEmpty()) {
                Path candidate = Path.of(d).resolve(program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** The header value the managers read: base64url JSON. */
    static String header(RegistryCredential c) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(c));
    }

    private static String text(JsonNode n) {
        return n == null || n.isMissingNode() || n.isNull() ? "" : n.asText("");
    }
}
