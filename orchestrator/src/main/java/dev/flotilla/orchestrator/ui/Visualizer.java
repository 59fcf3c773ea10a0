package dev.flotilla.orchestrator.ui;

import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.state.ClusterState;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The visualizer: a static page ({@code index.html}, {@code app.js}, {@code style.css}) and the read-only JSON it
 * polls ({@code api/cluster}), served under any prefix ({@code /ui/} on a manager's API address, {@code /} on the
 * visualizer's own port). GET only; it shows what {@link ClusterSnapshot} allows and nothing else.
 */
public final class Visualizer implements HttpHandler {
    private static final Map<String, String> FILES = Map.of(
            "", "index.html", "index.html", "index.html", "app.js", "app.js", "style.css", "style.css");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

    /** The manager's view: its applied state and the leader it knows, or null when this node is not a manager. */
    public interface Source {
        ClusterState state();

        String leaderId();
    }

    private final String prefix;
    private final Supplier<Source> source;

    /** @param prefix the path it is mounted at, like {@code /ui/} or {@code /} */
    public Visualizer(String prefix, Supplier<Source> source) {
        this.prefix = prefix.endsWith("/") ? prefix : prefix + "/";
        this.source = source;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                send(ex, 405, "text/plain; charset=utf-8", "the visualizer is read-only: GET only\n");
                return;
            }
            if (path.equals(prefix.substring(0, prefix.length() - 1))) {
                ex.getResponseHeaders().set("Location", prefix);
                send(ex, 302, "text/plain; charset=utf-8", "see " + prefix + "\n");
                return;
            }
            String rest = path.startsWith(prefix) ? path.substring(prefix.length()) : null;
            if ("api/cluster".equals(rest)) {
                cluster(ex);
                return;
            }
            String file = rest == null ? null : FILES.get(rest);
            if (file == null) {
                send(ex, 404, "text/plain; charset=utf-8", "not found: " + path + " (the visualizer is at " + prefix + ")\n");
                return;
            }
            try (InputStream in = Visualizer.class.getResourceAsStream("/ui/" + file)) {
                if (in == null) {
                    send(ex, 500, "text/plain; charset=utf-8", "this build lacks the visualizer's " + file + "\n");
                    return;
                }
                send(ex, 200, TYPES.get(file.substring(file.lastIndexOf('.') + 1)), in.readAllBytes());
            }
        }
    }

    private void cluster(HttpExchange ex) throws IOException {
        Source s = source.get();
        if (s == null || s.state() == null || !s.state().isInitialized()) {
            send(ex, 503, "application/json", Json.bytes(Map.of("error", "this node is not a manager (or has not"
                    + " loaded the cluster state yet); open the visualizer of a manager")));
            return;
        }
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        send(ex, 200, "application/json", Json.bytes(ClusterSnapshot.of(s.state(), s.leaderId(), System.currentTimeMillis())));
    }

    private static void send(HttpExchange ex, int status, String type, String body) throws IOException {
        send(ex, status, type, body.getBytes(StandardCharsets.UTF_8));
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
