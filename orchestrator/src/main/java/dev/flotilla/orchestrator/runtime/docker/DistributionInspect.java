package dev.flotilla.orchestrator.runtime.docker;

import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.runtime.RegistryAuth;
import dev.flotilla.orchestrator.runtime.RuntimeFailure;
import dev.flotilla.orchestrator.spec.ImageRef;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.dockerjava.transport.DockerHttpClient;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The engine's distribution inspect, {@code GET /distribution/{name}/json}: the engine asks the registry for the
 * manifest of a tag, with the credential of the {@code X-Registry-Auth} header and under its own TLS, certificate
 * ({@code /etc/docker/certs.d}) and insecure-registry rules, and answers with the manifest's descriptor. docker-java
 * has no command for it, so the request goes through its raw HTTP client.
 *
 * <p>The engine answers only once the registry has (its own deadlines add up to 25 s and more for a registry that
 * accepts connections and stays silent), and a read timeout does not apply on the unix socket. So each question
 * gets a client of its own and runs on one of a few named threads; when the limit passes, the client is closed,
 * which drops the connection, and the caller gets its answer: no answer.
 */
final class DistributionInspect implements AutoCloseable {
    static final String AUTH_HEADER = "X-Registry-Auth";
    private static final int MAX_REPLY = 1 << 20;
    private static final int ASKERS = 4;
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final Supplier<DockerHttpClient> clients;
    private final Duration limit;
    private final ThreadPoolExecutor askers;

    /** @param clients makes a new client to the engine for each question */
    DistributionInspect(Supplier<DockerHttpClient> clients, Duration limit) {
        this.clients = clients;
        this.limit = limit;
        this.askers = new ThreadPoolExecutor(ASKERS, ASKERS, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, "registry-digest-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.askers.allowCoreThreadTimeOut(true);
    }

    /** The digest of {@code reference}'s manifest, or a REJECTED failure with the reason, within the limit. */
    String digest(String reference, RegistryAuth auth) throws RuntimeFailure {
        DockerHttpClient http = clients.get();
        Future<String> answer = askers.submit(() -> ask(http, reference, auth));
        try {
            return answer.get(limit.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw RuntimeFailure.rejected("no answer from the registry within " + limit.toSeconds() + " s");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeFailure f) {
                throw f;
            }
            throw RuntimeFailure.rejected("the engine could not ask the registry: " + message(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw RuntimeFailure.rejected("interrupted while asking the registry");
        } finally {
            answer.cancel(true);
            try {
                http.close();
            } catch (IOException e) {
                // the connection is going away either way
            }
        }
    }

    private static String ask(DockerHttpClient http, String reference, RegistryAuth auth) throws RuntimeFailure,
            IOException {
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
        }
    }

    private static String message(Throwable e) {
        return e == null || e.getMessage() == null ? String.valueOf(e) : e.getMessage();
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

    @Override
    public void close() {
        askers.shutdownNow();
    }
}
