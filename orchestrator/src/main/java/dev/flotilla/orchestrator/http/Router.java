package dev.flotilla.orchestrator.http;

import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.security.Access;
import dev.flotilla.orchestrator.security.Authenticator;
import dev.flotilla.orchestrator.security.CallerProof;
import dev.flotilla.orchestrator.security.Principal;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ApiWire;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpsExchange;

import javax.net.ssl.SSLPeerUnverifiedException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Routes requests to handlers after authenticating and authorising them: every route declares its {@link Access},
 * and no handler runs for a refused call. Handler errors become JSON error bodies, never stack traces.
 */
public final class Router implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);

    /** A handler returns the reply body (serialised as JSON), or throws {@link ApiProblem}. */
    @FunctionalInterface
    public interface Handler {
        Object handle(Call call) throws Exception;
    }

    private record Route(String method, Pattern path, Access access, Handler handler) {
    }

    private final List<Route> routes = new ArrayList<>();
    private final Authenticator authenticator;
    private final Supplier<ClusterState> state;
    private final Supplier<Map<String, String>> headers;
    private final String who;

    /**
     * @param state   the state access checks read (a manager's local state)
     * @param headers added to every reply (the answering node and the manager list, which clients keep)
     */
    public Router(String who, Authenticator authenticator, Supplier<ClusterState> state,
                  Supplier<Map<String, String>> headers) {
        this.who = who;
        this.authenticator = authenticator;
        this.state = state;
        this.headers = headers;
    }

    public Router get(String path, Access access, Handler h) {
        return add("GET", path, access, h);
    }

    public Router post(String path, Access access, Handler h) {
        return add("POST", path, access, h);
    }

    public Router delete(String path, Access access, Handler h) {
        return add("DELETE", path, access, h);
    }

    private Router add(String method, String path, Access access, Handler h) {
        routes.add(new Route(method, Pattern.compile(path), access, h));
        return this;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            boolean pathKnown = false;
            for (Route r : routes) {
                Matcher m = r.path().matcher(path);
                if (!m.matches()) {
                    continue;
                }
                pathKnown = true;
                if (r.method().equals(ex.getRequestMethod())) {
                    dispatch(ex, r, m);
                    return;
                }
            }
            problem(ex, pathKnown ? new ApiProblem(ApiProblem.Kind.BAD_REQUEST, "METHOD", ex.getRequestMethod()
                    + " is not allowed on " + path) : ApiProblem.notFound("no such API endpoint: " + path));
        }
    }

    private void dispatch(HttpExchange ex, Route r, Matcher m) throws IOException {
        try {
            Principal p = null;
            if (r.access() != Access.PUBLIC) {
                Authenticator.Outcome auth = authenticator.authenticate(
                        CallerProof.of(ex.getRequestHeaders().getFirst("Authorization"), clientCertificates(ex)));
                if (!auth.ok()) {
                    throw new ApiProblem(ApiProblem.Kind.UNAUTHORIZED, "UNAUTHENTICATED", auth.refusal());
                }
                p = auth.principal();
                String refusal = r.access().refusal(p, state.get());
                if (refusal != null) {
                    throw new ApiProblem(ApiProblem.Kind.FORBIDDEN, "FORBIDDEN", refusal);
                }
            }
            Object body = r.handler().handle(new Call(ex, m, p));
            reply(ex, 200, body == null ? new ApiWire.Message("ok") : body);
        } catch (ApiProblem e) {
            if (e.kind() == ApiProblem.Kind.UNAUTHORIZED || e.kind() == ApiProblem.Kind.FORBIDDEN) {
                LOG.info("{}: refused {} {} from {}: {}", who, ex.getRequestMethod(), ex.getRequestURI().getPath(),
                        ex.getRemoteAddress(), e.getMessage());
            }
            problem(ex, e);
        } catch (Exception e) {
            LOG.error("{}: {} {} failed", who, ex.getRequestMethod(), ex.getRequestURI().getPath(), e);
            problem(ex, new ApiProblem(ApiProblem.Kind.INTERNAL, "INTERNAL", "internal error on " + who + ": " + e
                    + " (see that node's log)"));
        }
    }

    /** The client's certificate chain, verified against the cluster CA during the handshake; empty when it sent none. */
    static List<X509Certificate> clientCertificates(HttpExchange ex) {
        if (!(ex instanceof HttpsExchange https) || https.getSSLSession() == null) {
            return List.of();
        }
        try {
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : https.getSSLSession().getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
            return chain;
        } catch (SSLPeerUnverifiedException e) {
            return List.of();
        }
    }

    private void problem(HttpExchange ex, ApiProblem e) throws IOException {
        reply(ex, e.kind().status, new ApiProblem.Body(new ApiProblem.Detail(e.code(), e.getMessage(), e.leader())));
    }

    private void reply(HttpExchange ex, int status, Object body) throws IOException {
        byte[] bytes = Json.bytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        headers.get().forEach((k, v) -> ex.getResponseHeaders().set(k, v));
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
