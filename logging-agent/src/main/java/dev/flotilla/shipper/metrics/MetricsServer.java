package dev.flotilla.shipper.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Serves {@code GET /metrics} (Prometheus text) on the JDK's HTTP server, one small thread. */
public final class MetricsServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(MetricsServer.class);
    private final HttpServer server;
    private final ExecutorService executor;

    private MetricsServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * @throws IOException with a message saying which address could not be bound and what to change
     */
    public static MetricsServer start(String host, int port, Metrics metrics) throws IOException {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 16);
        } catch (IOException e) {
            throw new IOException("cannot serve /metrics on " + host + ":" + port + " (" + e.getMessage()
                    + "): choose another http.port, or set http.enabled: false", e);
        }
        server.createContext("/metrics", ex -> respond(ex, metrics));
        server.createContext("/", ex -> {
            byte[] body = "logging-agent: metrics are at /metrics\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(404, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        });
        ExecutorService ex = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "metrics-http");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(ex);
        server.start();
        log.info("metrics: serving http://{}:{}/metrics", host, server.getAddress().getPort());
        return new MetricsServer(server, ex);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void respond(HttpExchange ex, Metrics metrics) throws IOException {
        try {
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body = PrometheusText.render(metrics).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(body);
            }
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
