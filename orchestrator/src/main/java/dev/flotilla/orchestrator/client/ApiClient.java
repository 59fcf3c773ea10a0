package dev.flotilla.orchestrator.client;

import com.fasterxml.jackson.databind.JavaType;
import dev.flotilla.orchestrator.api.ApiProblem;
import dev.flotilla.orchestrator.json.Json;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Calls the control API of a cluster, failing over between its managers: the preferred manager first, then the
 * others. Every attempt has a deadline; a manager that refuses the connection, hangs, or answers that it has no
 * leader is passed over for the next one. Managers name all managers in every reply, and the client keeps that list.
 */
public final class ApiClient {
    public static final String MANAGERS_HEADER = "X-Flotilla-Managers";
    public static final String NODE_HEADER = "X-Flotilla-Node";
    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService EXECUTOR = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "flotilla-http-client-" + THREADS.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(1000))
            .executor(EXECUTOR).version(HttpClient.Version.HTTP_1_1).build();

    private final List<String> managers;
    private final String credential;
    private final Duration attemptTimeout;
    private volatile String lastManager;
    private volatile String lastNodeId;
    private volatile List<String> knownManagers;

    /**
     * @param managers       host:port addresses, preferred first
     * @param credential     the bearer credential, or null for a public call (join)
     * @param attemptTimeout how long one manager may take to answer
     */
    public ApiClient(List<String> managers, String credential, Duration attemptTimeout) {
        if (managers == null || managers.isEmpty()) {
            throw new IllegalArgumentException("no manager address to talk to: pass --host HOST:PORT or use a config"
                    + " file written by `flotilla init`");
        }
        this.managers = List.copyOf(new LinkedHashSet<>(managers));
        this.credential = credential;
        this.attemptTimeout = attemptTimeout;
        this.knownManagers = this.managers;
    }

    /** The manager that answered the last successful call. */
    public String lastManager() {
        return lastManager;
    }

    /** The node id of the manager that answered last (for the {@code *} in node ls). */
    public String lastNodeId() {
        return lastNodeId;
    }

    /** All managers as the last answering manager listed them (or the configured list). */
    public List<String> knownManagers() {
        return knownManagers;
    }

    public <T> T get(String path, Class<T> type) {
        return call("GET", path, null, Json.mapper().constructType(type));
    }

    public <T> T get(String path, JavaType type) {
        return call("GET", path, null, type);
    }

    public <T> T post(String path, Object body, Class<T> type) {
        return call("POST", path, body, Json.mapper().constructType(type));
    }

    public <T> T post(String path, Object body, JavaType type) {
        return call("POST", path, body, type);
    }

    public <T> T delete(String path, Class<T> type) {
        return call("DELETE", path, null, Json.mapper().constructType(type));
    }

    private <T> T call(String method, String path, Object body, JavaType type) {
        List<String> failures = new ArrayList<>();
        ApiProblem unavailable = null;
        java.util.Deque<String> targets = new java.util.ArrayDeque<>(managers);
        java.util.Set<String> tried = new java.util.HashSet<>();
        while (!targets.isEmpty()) {
            String m = targets.poll();
            if (!tried.add(m)) {
                continue;
            }
            try {
                return once(m, method, path, body, type);
            } catch (Unreachable e) {
                failures.add(m + " (" + e.getMessage() + ")");
            } catch (ApiProblem p) {
                if (p.kind() == ApiProblem.Kind.FORBIDDEN && "NOT_A_MANAGER".equals(p.code())) {
                    failures.add(m + " (a worker, not a manager)");
                    unavailable = unavailable == null ? p : unavailable;
                    continue;
                }
                if (p.kind() == ApiProblem.Kind.NOT_LEADER) {
                    if (p.leader() != null && !p.leader().isEmpty() && !tried.contains(p.leader())) {
                        targets.addFirst(p.leader());
                    }
                } else if (p.kind() != ApiProblem.Kind.UNAVAILABLE) {
                    throw p;
                }
                unavailable = unavailable == null || unavailable.kind() == ApiProblem.Kind.NOT_LEADER ? p : unavailable;
                failures.add(m + " (" + p.code() + ")");
            }
        }
        if (unavailable != null) {
            throw unavailable;
        }
        throw new ApiProblem(ApiProblem.Kind.UNAVAILABLE, "UNREACHABLE", "cannot reach any manager: "
                + String.join(", ", failures) + ". Check that the managers' daemons run (flotilla daemon --data-dir DIR)"
                + " and that --host or the manager list in your config is right");
    }

    private <T> T once(String manager, String method, String path, Object body, JavaType type) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://" + manager + path)).timeout(attemptTimeout)
                .header("Accept", "application/json");
        if (credential != null) {
            b.header("Authorization", "Bearer " + credential);
        }
        HttpRequest.BodyPublisher pub = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(Json.bytes(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<byte[]> rsp;
        try {
            rsp = HTTP.send(b.method(method, pub).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw new Unreachable("connection timed out");
        } catch (HttpTimeoutException e) {
            throw new Unreachable("no answer within " + attemptTimeout.toMillis() + "ms");
        } catch (ConnectException e) {
            throw new Unreachable("connection refused");
        } catch (IOException e) {
            throw new Unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted");
        }
        return decode(manager, rsp, type);
    }

    private <T> T decode(String manager, HttpResponse<byte[]> rsp, JavaType type) {
        if (rsp.statusCode() != 200) {
            throw problem(manager, rsp);
        }
        lastManager = manager;
        lastNodeId = rsp.headers().firstValue(NODE_HEADER).orElse(null);
        rsp.headers().firstValue(MANAGERS_HEADER).filter(h -> !h.isBlank())
                .ifPresent(h -> knownManagers = List.of(h.split(",")));
        try {
            return Json.mapper().readValue(rsp.body(), type);
        } catch (IOException e) {
            throw new ApiProblem(ApiProblem.Kind.INTERNAL, "BAD_REPLY", "manager " + manager + " sent a reply this"
                    + " client cannot read (" + Json.problem(e) + "); are the CLI and the daemon the same version?");
        }
    }

    private static ApiProblem problem(String manager, HttpResponse<byte[]> rsp) {
        ApiProblem.Kind kind = ApiProblem.Kind.ofStatus(rsp.statusCode());
        try {
            ApiProblem.Body body = Json.read(rsp.body(), ApiProblem.Body.class);
            if (body != null && body.error() != null) {
                return new ApiProblem(kind, body.error().code(), body.error().message(), body.error().leader());
            }
        } catch (IOException ignored) {
            // not one of our error bodies: fall through to the generic message
        }
        return new ApiProblem(kind, "HTTP_" + rsp.statusCode(), "manager " + manager + " answered HTTP "
                + rsp.statusCode() + "; is that address a flotilla manager?");
    }

    /** One address could not be reached; the caller moves on to the next. */
    private static final class Unreachable extends RuntimeException {
        Unreachable(String message) {
            super(message, null, false, false);
        }
    }
}
