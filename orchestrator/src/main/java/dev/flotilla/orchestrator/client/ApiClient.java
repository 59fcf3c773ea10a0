package dev.flotilla.orchestrator.client;

import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.tls.ClientTls;
import dev.flotilla.orchestrator.wire.ApiProblem;
import com.fasterxml.jackson.databind.JavaType;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Proxy;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Calls the control API of a cluster, failing over between its managers: the preferred manager first, then the
 * others. Every attempt is bounded: at most a second to connect, and the attempt's deadline for the reply to start
 * and for each later read (replies are small JSON documents). A manager that refuses the connection, hangs, or
 * answers that it has no leader is passed over for the next one. Managers name all managers in every reply, and the
 * client keeps that list. One blocking socket on the calling thread per attempt (the JDK's URL connection, which
 * keeps connections alive between calls), no selector thread. Every call is HTTPS: the {@link ClientTls} decides
 * whom the client trusts (the cluster CA) and which certificate it presents (a node's own; none for the CLI).
 */
public final class ApiClient {
    public static final String MANAGERS_HEADER = "X-Flotilla-Managers";
    public static final String NODE_HEADER = "X-Flotilla-Node";
    private static final int CONNECT_TIMEOUT_MS = 1000;
    /**
     * Who the server is comes from its certificate (cluster CA, node role), checked in the handshake. One instance:
     * the JDK keeps a connection alive for reuse only with the same verifier and socket factory.
     */
    private static final HostnameVerifier ANY_HOST = (host, session) -> true;

    static {
        // The JDK's URL connection silently re-sends a POST once when a kept-alive connection turns out to be closed.
        // A write must be sent exactly once per attempt: the failover below decides what happens next.
        if (System.getProperty("sun.net.http.retryPost") == null) {
            System.setProperty("sun.net.http.retryPost", "false");
        }
    }

    private final List<String> managers;
    private final ClientTls tls;
    private final String credential;
    private final Duration attemptTimeout;
    private volatile String lastManager;
    private volatile String lastNodeId;
    private volatile List<String> knownManagers;

    /**
     * @param managers       host:port addresses, preferred first
     * @param tls            whom to trust and what to present
     * @param credential     the bearer credential, or null (nodes present their certificate instead)
     * @param attemptTimeout how long one manager may take to answer
     */
    public ApiClient(List<String> managers, ClientTls tls, String credential, Duration attemptTimeout) {
        if (managers == null || managers.isEmpty()) {
            throw new IllegalArgumentException("no manager address to talk to: pass --host HOST:PORT or use a config"
                    + " file written by `flotilla init`");
        }
        if (!tls.verified() && credential != null) {
            throw new IllegalArgumentException("a credential is never sent to a server whose certificate is not verified");
        }
        this.managers = List.copyOf(new LinkedHashSet<>(managers));
        this.tls = tls;
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
        return call("GET", path, null, Map.of(), Json.mapper().constructType(type));
    }

    public <T> T get(String path, JavaType type) {
        return call("GET", path, null, Map.of(), type);
    }

    public <T> T post(String path, Object body, Class<T> type) {
        return call("POST", path, body, Map.of(), Json.mapper().constructType(type));
    }

    /** A POST with extra request headers (the registry credential of {@code --with-registry-auth}). */
    public <T> T post(String path, Object body, Map<String, String> headers, Class<T> type) {
        return call("POST", path, body, headers, Json.mapper().constructType(type), attemptTimeout);
    }

    /**
     * A POST whose answer may take {@code extra} longer than other calls on each manager (a create that first asks a
     * registry for the image's digest).
     */
    public <T> T post(String path, Object body, Map<String, String> headers, Class<T> type, Duration extra) {
        return call("POST", path, body, headers, Json.mapper().constructType(type), attemptTimeout.plus(extra));
    }

    public <T> T post(String path, Object body, JavaType type) {
        return call("POST", path, body, Map.of(), type);
    }

    public <T> T delete(String path, Class<T> type) {
        return call("DELETE", path, null, Map.of(), Json.mapper().constructType(type));
    }

    private <T> T call(String method, String path, Object body, Map<String, String> headers, JavaType type) {
        return call(method, path, body, headers, type, attemptTimeout);
    }

    private <T> T call(String method, String path, Object body, Map<String, String> headers, JavaType type,
                       Duration attempt) {
        List<String> failures = new ArrayList<>();
        boolean onlyTls = true;
        ApiProblem unavailable = null;
        java.util.Deque<String> targets = new java.util.ArrayDeque<>(managers);
        java.util.Set<String> tried = new java.util.HashSet<>();
        while (!targets.isEmpty()) {
            String m = targets.poll();
            if (!tried.add(m)) {
                continue;
            }
            try {
                return once(m, method, path, body, headers, type, attempt);
            } catch (Unreachable e) {
                failures.add(m + " (" + e.getMessage() + ")");
                onlyTls &= e.tls;
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
        if (onlyTls && !failures.isEmpty()) {
            throw new ApiProblem(ApiProblem.Kind.UNAUTHORIZED, "TLS_REFUSED", "no manager completed a verified TLS"
                    + " connection: " + String.join(", ", failures) + ". Check that the cluster CA in your config (or"
                    + " the node's tls/ca.crt) is this cluster's, and that the certificate is current. If the cluster's"
                    + " root CA was rotated (flotilla ca --rotate), use the config that command rewrote");
        }
        throw new ApiProblem(ApiProblem.Kind.UNAVAILABLE, "UNREACHABLE", "cannot reach any manager: "
                + String.join(", ", failures) + ". Check that the managers' daemons run (flotilla daemon --data-dir DIR)"
                + " and that --host or the manager list in your config is right");
    }

    private <T> T once(String manager, String method, String path, Object body, Map<String, String> headers,
                       JavaType type, Duration attempt) {
        if (body != null && !tls.verified()) {
            throw new IllegalStateException("nothing is sent to a server whose certificate is not verified");
        }
        byte[] payload = body == null ? null : Json.bytes(body);
        int deadline = (int) Math.max(1, Math.min(Integer.MAX_VALUE, attempt.toMillis()));
        HttpsURLConnection c;
        boolean connected = false;
        try {
            c = (HttpsURLConnection) URI.create("https://" + manager + path).toURL().openConnection(Proxy.NO_PROXY);
            c.setSSLSocketFactory(tls.socketFactory());
            c.setHostnameVerifier(ANY_HOST);
            c.setConnectTimeout(Math.min(CONNECT_TIMEOUT_MS, deadline));
            c.setReadTimeout(deadline);
            c.setUseCaches(false);
            c.setInstanceFollowRedirects(false);
            c.setRequestMethod(method);
            c.setRequestProperty("Accept", "application/json");
            if (credential != null) {
                c.setRequestProperty("Authorization", "Bearer " + credential);
            }
            headers.forEach(c::setRequestProperty);
            if (payload != null) {
                c.setDoOutput(true);
                c.setRequestProperty("Content-Type", "application/json");
            }
            c.connect();
            connected = true;
            if (payload != null) {
                try (OutputStream out = c.getOutputStream()) {
                    out.write(payload);
                }
            }
            int status = c.getResponseCode();
            byte[] reply;
            try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
                reply = in == null ? new byte[0] : in.readAllBytes();
            }
            return decode(manager, status, c::getHeaderField, reply, type);
        } catch (SocketTimeoutException e) {
            // a read timeout during the TLS handshake also means the server took the connection but does not answer
            boolean answered = connected || "Read timed out".equals(e.getMessage());
            throw new Unreachable(answered ? "no answer within " + deadline + "ms" : "connection timed out");
        } catch (ConnectException e) {
            throw new Unreachable("connection refused");
        } catch (SSLException e) {
            throw new Unreachable("TLS refused: " + TlsErrors.describe(e), true);
        } catch (IOException e) {
            throw new Unreachable(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
    }

    private <T> T decode(String manager, int status, UnaryOperator<String> header, byte[] body, JavaType type) {
        if (status != 200) {
            throw problem(manager, status, body);
        }
        lastManager = manager;
        lastNodeId = header.apply(NODE_HEADER);
        String managersHeader = header.apply(MANAGERS_HEADER);
        if (managersHeader != null && !managersHeader.isBlank()) {
            knownManagers = List.of(managersHeader.split(","));
        }
        try {
            return Json.mapper().readValue(body, type);
        } catch (IOException e) {
            throw new ApiProblem(ApiProblem.Kind.INTERNAL, "BAD_REPLY", "manager " + manager + " sent a reply this"
                    + " client cannot read (" + Json.problem(e) + "); are the CLI and the daemon the same version?");
        }
    }

    private static ApiProblem problem(String manager, int status, byte[] reply) {
        ApiProblem.Kind kind = ApiProblem.Kind.ofStatus(status);
        try {
            ApiProblem.Body body = Json.read(reply, ApiProblem.Body.class);
            if (body != null && body.error() != null) {
                return new ApiProblem(kind, body.error().code(), body.error().message(), body.error().leader());
            }
        } catch (IOException ignored) {
            // not one of our error bodies: fall through to the generic message
        }
        return new ApiProblem(kind, "HTTP_" + status, "manager " + manager + " answered HTTP "
                + status + "; is that address a flotilla manager?");
    }

    /** One address could not be reached; the caller moves on to the next. */
    private static final class Unreachable extends RuntimeException {
        final boolean tls;

        Unreachable(String message) {
            this(message, false);
        }

        Unreachable(String message, boolean tls) {
            super(message, null, false, false);
            this.tls = tls;
        }
    }
}
