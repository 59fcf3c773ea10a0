package dev.flotilla.orchestrator.http;

import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.security.Principal;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.RegistryCredential;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;

/** One API request as a handler sees it: path parameters, query, JSON body and the authenticated caller. */
public final class Call {
    private static final int MAX_BODY = 4 * 1024 * 1024;
    private final HttpExchange exchange;
    private final Matcher path;
    private final Principal principal;

    Call(HttpExchange exchange, Matcher path, Principal principal) {
        this.exchange = exchange;
        this.path = path;
        this.principal = principal;
    }

    /** The caller, or null on a public route. */
    public Principal principal() {
        return principal;
    }

    public String param(int group) {
        return URLDecoder.decode(path.group(group), StandardCharsets.UTF_8);
    }

    public boolean flag(String name) {
        String q = exchange.getRequestURI().getRawQuery();
        if (q == null) {
            return false;
        }
        for (String part : q.split("&")) {
            if (part.equals(name) || part.equals(name + "=true") || part.equals(name + "=1")) {
                return true;
            }
        }
        return false;
    }

    /** Reads the JSON body as {@code type}; a missing or malformed body is the caller's error (400). */
    public <T> T body(Class<T> type) {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw ApiProblem.badRequest("request body larger than " + MAX_BODY + " bytes");
            }
            if (bytes.length == 0) {
                throw ApiProblem.badRequest("this call needs a JSON body (" + type.getSimpleName() + ")");
            }
            T value = Json.read(bytes, type);
            if (value == null) {
                throw ApiProblem.badRequest("this call needs a JSON body (" + type.getSimpleName() + ")");
            }
            return value;
        } catch (IOException e) {
            throw ApiProblem.badRequest("malformed JSON body: " + Json.problem(e));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw ApiProblem.badRequest("invalid " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    /** A request header, or null. */
    public String header(String name) {
        return exchange.getRequestHeaders().getFirst(name);
    }

    /** The {@code X-Registry-Auth} header's credential, or null when the call carries none. */
    public RegistryCredential registryCredential() {
        String h = header(RegistryCredential.HEADER);
        if (h == null || h.isBlank()) {
            return null;
        }
        try {
            RegistryCredential c = Json.mapper().readValue(java.util.Base64.getUrlDecoder().decode(h.strip()),
                    RegistryCredential.class);
            if (c == null || c.server().isBlank() || c.secret().isEmpty()) {
                throw new IllegalArgumentException("it names no registry or no secret");
            }
            return c;
        } catch (IOException | IllegalArgumentException | NullPointerException e) {
            throw ApiProblem.badRequest("malformed " + RegistryCredential.HEADER + " header: expected base64url"
                    + " JSON {\"server\", \"username\", \"secret\"} (" + e.getMessage() + ")");
        }
    }

    public String remote() {
        return String.valueOf(exchange.getRemoteAddress());
    }
}
