package dev.flotilla.orchestrator.ui;

import com.sun.net.httpserver.HttpExchange;
import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.state.ClusterState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The visualizer's live feed: server-sent events fed by the manager's applied state, never by the engine. Each
 * change of the applied index (or of the leader) makes one snapshot, serialized once and written to every open
 * page, at most one per {@link #MIN_GAP_MILLIS}; a page still busy with an earlier one gets only the latest
 * once it is done (latest wins, nothing queues up behind a slow page). A comment line every {@link #KEEPALIVE_MILLIS} keeps idle streams open through proxies and lets
 * a closed page be noticed.
 */
public final class UiFeed implements AutoCloseable {
    static final long MIN_GAP_MILLIS = 50;
    static final long KEEPALIVE_MILLIS = 10_000;
    /** Open pages per manager; one more is answered 503, with the reason. */
    static final int MAX_CLIENTS = 256;
    private static final Logger LOG = LoggerFactory.getLogger(UiFeed.class);
    private static final byte[] KEEPALIVE = ": keepalive\n\n".getBytes(StandardCharsets.US_ASCII);

    /** The manager's applied state and the leader it knows. */
    public interface Source {
        ClusterState state();

        String leaderId();
    }

    private final String who;
    private final Source source;
    private final List<Client> clients = new CopyOnWriteArrayList<>();
    private final ExecutorService writers;
    private final Object signal = new Object();
    private final AtomicLong sent = new AtomicLong();
    private volatile long index;
    private boolean dirty;
    private volatile boolean closed;
    private Thread thread;

    private static final class Client {
        final HttpExchange exchange;
        /** The Authorization header the page opened the stream with, checked again before every write. */
        final String authorization;
        final AtomicBoolean busy = new AtomicBoolean();
        /** What to write next: only the latest snapshot counts; a keepalive never replaces one. */
        final AtomicReference<byte[]> pending = new AtomicReference<>();

        Client(HttpExchange exchange, String authorization) {
            this.exchange = exchange;
            this.authorization = authorization;
        }
    }

    public UiFeed(String who, Source source) {
        this.who = who;
        this.source = source;
        this.writers = new ThreadPoolExecutor(4, 4, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(4 * MAX_CLIENTS),
                r -> {
                    Thread t = new Thread(r, "flotilla-ui-feed-" + who);
                    t.setDaemon(true);
                    return t;
                });
    }

    public synchronized UiFeed start() {
        if (thread == null) {
            thread = new Thread(this::loop, "flotilla-ui-broadcast-" + who);
            thread.setDaemon(true);
            thread.start();
        }
        return this;
    }

    /** The state was applied up to {@code appliedIndex} (or the leader changed): open pages get a new snapshot. */
    public void changed(long appliedIndex) {
        if (appliedIndex > index) {
            index = appliedIndex;
        }
        synchronized (signal) {
            dirty = true;
            signal.notifyAll();
        }
    }

    /** The snapshot now, or null when this manager has no cluster state yet. */
    public ClusterSnapshot snapshot() {
        ClusterState s = source.state();
        if (s == null || !s.isInitialized()) {
            return null;
        }
        return ClusterSnapshot.of(s, source.leaderId(), who, index, System.currentTimeMillis());
    }

    Source source() {
        return source;
    }

    /** Open pages now. */
    public int clients() {
        return clients.size();
    }

    /** Snapshots written to pages so far (a probe for tests and benchmarks). */
    public long sent() {
        return sent.get();
    }

    /** Takes over the exchange as an event stream: headers now, the current snapshot at once, then every change. */
    void subscribe(HttpExchange ex, byte[] first) throws IOException {
        if (clients.size() >= MAX_CLIENTS) {
            Visualizer.json(ex, 503, "{\"error\":\"this manager already serves " + MAX_CLIENTS + " open pages;"
                    + " close some, or open another manager's visualizer\"}");
            ex.close();
            return;
        }
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Accel-Buffering", "no");
        ex.sendResponseHeaders(200, 0);
        Client c = new Client(ex, ex.getRequestHeaders().getFirst("Authorization"));
        clients.add(c);
        write(c, first);
    }

    static byte[] event(ClusterSnapshot s) {
        byte[] json = Json.bytes(s);
        byte[] head = ("event: snapshot\nid: " + s.index() + "\ndata: ").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[head.length + json.length + 2];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(json, 0, out, head.length, json.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }

    private void loop() {
        long lastSent = 0;
        while (!closed) {
            try {
                boolean change;
                synchronized (signal) {
                    if (!dirty) {
                        signal.wait(KEEPALIVE_MILLIS);
                    }
                    change = dirty;
                    dirty = false;
                }
                if (!change) {
                    clients.forEach(c -> write(c, KEEPALIVE));
                    continue;
                }
                long wait = lastSent + MIN_GAP_MILLIS - System.currentTimeMillis();
                if (wait > 0) {
                    Thread.sleep(wait);
                }
                lastSent = System.currentTimeMillis();
                if (clients.isEmpty()) {
                    continue;
                }
                ClusterSnapshot s = snapshot();
                if (s != null) {
                    byte[] e = event(s);
                    clients.forEach(c -> write(c, e));
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.atWarn().addKeyValue("node", who).setCause(e).log("visualizer feed round failed");
            }
        }
    }

    private void write(Client c, byte[] bytes) {
        if (Visualizer.refusal(c.authorization, this) != null) {
            // the token was rotated (or the credential revoked) since the page opened its stream: end it; the page
            // reconnects, gets 401 and asks for the new token
            drop(c);
            return;
        }
        if (bytes == KEEPALIVE) {
            c.pending.compareAndSet(null, KEEPALIVE);
        } else {
            c.pending.set(bytes);
        }
        drain(c);
    }

    /** Writes the client's pending bytes on a writer thread, unless one is already at it (it will see them). */
    private void drain(Client c) {
        if (!c.busy.compareAndSet(false, true)) {
            return;
        }
        try {
            writers.execute(() -> {
                try {
                    OutputStream out = c.exchange.getResponseBody();
                    for (byte[] b = c.pending.getAndSet(null); b != null; b = c.pending.getAndSet(null)) {
                        out.write(b);
                        out.flush();
                        if (b != KEEPALIVE) {
                            sent.incrementAndGet();
                        }
                    }
                } catch (IOException e) {
                    drop(c);
                } finally {
                    c.busy.set(false);
                }
                if (c.pending.get() != null && clients.contains(c)) {
                    drain(c);
                }
            });
        } catch (RejectedExecutionException e) {
            c.busy.set(false);
        }
    }

    private void drop(Client c) {
        clients.remove(c);
        c.exchange.close();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (thread != null) {
            thread.interrupt();
        }
        clients.forEach(this::drop);
        writers.shutdownNow();
    }
}
