package dev.flotilla.orchestrator.http;

import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.security.Principal;
import dev.flotilla.orchestrator.wire.ApiProblem;
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

    public String remote() {
        return String.valueOf(exchange.getRemoteAddress());
    }
}
