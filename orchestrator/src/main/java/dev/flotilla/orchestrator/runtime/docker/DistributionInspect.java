package dev.flotilla.orchestrator.runtime.docker;

import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.runtime.RegistryAuth;
import dev.flotilla.orchestrator.runtime.RuntimeFailure;
import dev.flotilla.orchestrator.spec.ImageRef;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.transport.DockerHttpClient;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * The engine's distribution inspect, {@code GET /distribution/{name}/json}: the engine asks the registry for the
 * manifest of a tag, with the credential of the {@code X-Registry-Auth} header and under its own TLS, certificate
 * ({@code /etc/docker/certs.d}) and insecure-registry rules, and answers with the manifest's descriptor. docker-java
 * has no command for it, so the request goes through its raw HTTP client: one of its own, whose reply deadline is
 * the limit of the whole question.
 */
final class DistributionInspect implements AutoCloseable {
    static final String AUTH_HEADER = "X-Registry-Auth";
    private static final int MAX_REPLY = 1 << 20;

    private final DockerHttpClient http;
    private final Duration limit;

    /** @param http a client whose response timeout is {@code limit} */
    DistributionInspect(DockerHttpClient http, Duration limit) {
        this.http = http;
        this.limit = limit;
    }

    /** The digest of {@code reference}'s manifest, or a REJECTED failure with the engine's reason. */
    String digest(String reference, RegistryAuth auth) throws RuntimeFailure {
        DockerHttpClient.Request.Builder request = DockerHttpClient.Request.builder()
                .method(DockerHttpClient.Request.Method.GET).path("/distribution/" + reference + "/json");
        if (auth != null) {
            request.putHeader(AUTH_HEADER, authHeader(auth));
        }
        try (DockerHttpClient.Response r = http.execute(request.build())) {
            byte[] body = r.getBody().readNBytes(MAX_REPLY);
            if (r.getStatusCode() != 200) {
                throw RuntimeFailure.rejected(reason(r.getStatusCode(), body));
            }
            return digestOf(body);
        } catch (IOException | RuntimeException e) {
            if (timedOut(e)) {
                throw RuntimeFailure.rejected("no answer from the registry within " + limit.toSeconds() + " s");
            }
            throw RuntimeFailure.rejected("the engine could not ask the registry: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
    }

    /** Docker's encoding of a credential: base64url of {@code {"username","password","serveraddress"}}. */
    static String authHeader(RegistryAuth auth) {
        ObjectNode o = Json.mapper().createObjectNode();
        if (auth.username().isEmpty()) {
            o.put("identitytoken", auth.secret());
        } else {
            o.put("username", auth.username());
            o.put("password", auth.secret());
        }
        o.put("serveraddress", auth.server());
        return Base64.getUrlEncoder().encodeToString(Json.text(o).getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code Descriptor.digest} of the engine's reply, checked to be a digest. */
    static String digestOf(byte[] body) throws RuntimeFailure {
        String digest;
        try {
            digest = Json.mapper().readTree(body).path("Descriptor").path("digest").asText("");
        } catch (IOException e) {
            digest = "";
        }
        if (!ImageRef.isDigest(digest)) {
            throw RuntimeFailure.rejected("the engine's reply names no digest: "
                    + new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8));
        }
        return digest;
    }

    /** The engine's {@code {"message": ...}}, on one line; the status when there is none. */
    static String reason(int status, byte[] body) {
        String message = "";
        try {
            JsonNode n = Json.mapper().readTree(body);
            message = n == null ? "" : n.path("message").asText("");
        } catch (IOException e) {
            message = new String(body, StandardCharsets.UTF_8);
        }
        message = message.strip().replaceAll("\\s*\\n\\s*", "; ");
        return message.isEmpty() ? "the engine answered HTTP " + status : message;
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void close() throws IOException {
        http.close();
    }
}
