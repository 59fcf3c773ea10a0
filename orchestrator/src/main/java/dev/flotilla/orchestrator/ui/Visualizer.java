package dev.flotilla.orchestrator.ui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.flotilla.orchestrator.api.CredentialKind;
import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.security.Authenticator;
import dev.flotilla.orchestrator.security.CallerProof;
import dev.flotilla.orchestrator.state.ClusterState;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The visualizer: a static page ({@code index.html}, {@code app.js}, {@code style.css}, all from the jar) and two
 * read-only calls behind a token: {@code api/snapshot} (JSON) and {@code api/events} (server-sent events from
 * {@link UiFeed}). Served under any prefix ({@code /} on the visualizer's own port, {@code /ui/} on a manager's API
 * address). The token is the viewer token of {@code flotilla ui-token} or the administrator's credential; other
 * managers' pages may call it (CORS), since the token, not the origin, is what grants access.
 */
public final class Visualizer implements HttpHandler {
    private static final Map<String, String> FILES = Map.of(
            "", "index.html", "index.html", "index.html", "app.js", "app.js", "style.css", "style.css");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    private final String prefix;
    private final Supplier<UiFeed> feed;

    /**
     * @param prefix the path it is mounted at, like {@code /ui/} or {@code /}
     * @param feed   the feed of the manager role the node has at the time of a request, or null on a worker
     */
    public Visualizer(String prefix, Supplier<UiFeed> feed) {
        this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
        this.feed = feed;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        boolean streaming = false;
        try {
            ex.getResponseHeaders().set("Access-Control-Allow-Origin", "*");
            String method = ex.getRequestMethod();
            if (method.equals("OPTIONS")) {
                ex.getResponseHeaders().set("Access-Control-Allow-Methods", "GET");
                ex.getResponseHeaders().set("Access-Control-Allow-Headers", "Authorization");
                ex.getResponseHeaders().set("Access-Control-Max-Age", "600");
                ex.sendResponseHeaders(204, -1);
                return;
            }
            if (!method.equals("GET") && !method.equals("HEAD")) {
                send(ex, 405, "text/plain; charset=utf-8", bytes("the visualizer is read-only: GET only\n"));
                return;
            }
            String path = ex.getRequestURI().getPath();
            if (path.equals(prefix.substring(0, prefix.length() - 1))) {
                ex.getResponseHeaders().set("Location", prefix);
                send(ex, 302, "text/plain; charset=utf-8", bytes("see " + prefix + "\n"));
                return;
            }
            String rest = path.startsWith(prefix) ? path.substring(prefix.length()) : null;
            if ("api/snapshot".equals(rest) || "api/events".equals(rest)) {
                streaming = api(ex, rest.equals("api/events"));
                return;
            }
            String file = rest == null ? null : FILES.get(rest);
            if (file == null) {
                send(ex, 404, "text/plain; charset=utf-8", bytes("not found: " + path + " (the visualizer is at "
                        + prefix + ")\n"));
                return;
            }
            try (InputStream in = Visualizer.class.getResourceAsStream("/ui/" + file)) {
                if (in == null) {
                    send(ex, 500, "text/plain; charset=utf-8", bytes("this build lacks the visualizer's " + file + "\n"));
                    return;
                }
                ex.getResponseHeaders().set("Cache-Control", "no-cache");
                send(ex, 200, TYPES.get(file.substring(file.lastIndexOf('.') + 1)), in.readAllBytes());
            }
        } finally {
            if (!streaming) {
                ex.close();
            }
        }
    }

    /** @return true when the exchange became an event stream (the feed owns it from then on) */
    private boolean api(HttpExchange ex, boolean events) throws IOException {
        UiFeed f = feed.get();
        ClusterSnapshot snapshot = f == null ? null : f.snapshot();
        if (snapshot == null) {
            json(ex, 503, "{\"error\":\"this node is not a manager, or has not loaded the cluster state yet;"
                    + " open the visualizer of a manager\"}");
            return false;
        }
        String refusal = refusal(ex.getRequestHeaders().getFirst("Authorization"), f);
        if (refusal != null) {
            json(ex, 401, new String(Json.bytes(Map.of("error", refusal)), StandardCharsets.UTF_8));
            return false;
        }
        if (!events) {
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            send(ex, 200, "application/json", Json.bytes(snapshot));
            return false;
        }
        f.subscribe(ex, UiFeed.event(snapshot));
        return true;
    }

    /** Null when the header carries the viewer token or the administrator's credential; else what to do. */
    static String refusal(String authorization, UiFeed f) {
        ClusterState s = f.source().state();
        Authenticator.Outcome o = Authenticator.bearer(() -> s).authenticate(CallerProof.fromAuthorizationHeader(authorization));
        if (!o.ok()) {
            return authorization == null || authorization.isBlank()
                    ? "the visualizer needs its viewer token: ask an administrator for the one `flotilla ui-token`"
                    + " prints" : "this token is not accepted (it may have been rotated): get the current one with"
                    + " `flotilla ui-token`";
        }
        CredentialKind k = o.principal().kind();
        return k == CredentialKind.VIEWER || k == CredentialKind.ADMIN ? null
                : "node credentials do not open the visualizer: use the token `flotilla ui-token` prints";
    }

    static void json(HttpExchange ex, int status, String body) throws IOException {
        send(ex, status, "application/json", bytes(body));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
