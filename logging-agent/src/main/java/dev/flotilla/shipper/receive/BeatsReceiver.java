package dev.flotilla.shipper.receive;

import dev.flotilla.shipper.output.beats.PemTls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small Beats (Lumberjack v2) server that writes every event as one line of an NDJSON file and acknowledges only
 * what is written and fsynced. One accepting thread; per connection a reading thread and an acknowledging thread,
 * from a bounded, named pool.
 */
public final class BeatsReceiver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BeatsReceiver.class);

    private final ReceiverConfig config;
    private final ServerSocket server;
    private final NdjsonJournal journal;
    private final ReceiverStats stats = new ReceiverStats();
    private final ExecutorService sessions;
    private final Set<ReceiverSession> open = ConcurrentHashMap.newKeySet();
    private final Thread acceptor;

    private BeatsReceiver(ReceiverConfig config, ServerSocket server, NdjsonJournal journal) {
        this.config = config;
        this.server = server;
        this.journal = journal;
        AtomicInteger n = new AtomicInteger();
        this.sessions = new ThreadPoolExecutor(0, config.maxConnections() * 2, 30, TimeUnit.SECONDS,
                new SynchronousQueue<>(), r -> {
                    Thread t = new Thread(r, "receive-conn-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.acceptor = new Thread(this::acceptLoop, "receive-accept");
        acceptor.setDaemon(true);
    }

    /**
     * Opens the file, binds the address and starts accepting.
     *
     * @throws IOException with a message saying what failed (file, TLS material, address in use)
     */
    public static BeatsReceiver start(ReceiverConfig config) throws IOException {
        ServerSocket server = bind(config);
        NdjsonJournal journal;
        try {
            journal = NdjsonJournal.open(config.out(), config.fsyncInterval());
        } catch (IOException e) {
            server.close();
            throw e;
        }
        BeatsReceiver r = new BeatsReceiver(config, server, journal);
        r.acceptor.start();
        LOG.info("receive: listening on {}{}, writing {}", r.address(), config.tls() ? " (TLS"
                + (config.clientCas().isEmpty() ? ")" : ", client certificates required)") : "", config.out());
        return r;
    }

    private static ServerSocket bind(ReceiverConfig config) throws IOException {
        ServerSocket s;
        if (config.tls()) {
            SSLContext ctx = PemTls.serverContext(config.certificate(), config.key(), config.clientCas());
            SSLServerSocket ss = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
            ss.setNeedClientAuth(!config.clientCas().isEmpty());
            s = ss;
        } else {
            s = new ServerSocket();
        }
        InetSocketAddress address = new InetSocketAddress(config.listen().host(), config.listen().port());
        if (address.isUnresolved()) {
            s.close();
            throw new IOException("cannot listen on " + config.listen() + ": '" + config.listen().host() + "' is neither an"
                    + " IP address nor a name this machine resolves; use 127.0.0.1, 0.0.0.0 or one of its addresses");
        }
        try {
            s.setReuseAddress(true);
            s.bind(address, 128);
            return s;
        } catch (java.net.BindException e) {
            s.close();
            String hint = String.valueOf(e.getMessage()).contains("in use")
                    ? "is another receiver or Logstash using it? choose another port"
                    : "is it an address of this machine? use 127.0.0.1, 0.0.0.0 or one of its addresses";
            throw new IOException("cannot listen on " + config.listen() + ": " + e.getMessage() + " (" + hint + ")", e);
        } catch (IOException e) {
            s.close();
            throw new IOException("cannot listen on " + config.listen() + ": " + e.getMessage(), e);
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            Socket s;
            try {
                s = server.accept();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    LOG.error("receive: accepting failed; the receiver stops accepting: {}", e.toString());
                }
                return;
            }
            admit(s);
        }
    }

    private void admit(Socket s) {
        if (open.size() >= config.maxConnections()) {
            LOG.warn("receive: refusing {}: already {} connections (--max-connections)", s.getRemoteSocketAddress(),
                    open.size());
            closeQuietly(s);
            return;
        }
        stats.connections.increment();
        ReceiverSession session = new ReceiverSession(s, journal, config, stats);
        open.add(session);
        try {
            sessions.execute(() -> {
                try {
                    if (handshake(s, session)) {
                        sessions.execute(session::ackLoop);
                        session.readLoop();
                    }
                } finally {
                    session.close();
                    open.remove(session);
                }
            });
        } catch (RuntimeException e) {
            open.remove(session);
            closeQuietly(s);
            LOG.warn("receive: refusing {}: no thread free", s.getRemoteSocketAddress());
        }
    }

    private boolean handshake(Socket s, ReceiverSession session) {
        if (!(s instanceof SSLSocket)) {
            return true;
        }
        try {
            s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, config.idleTimeout().toMillis()));
            ((SSLSocket) s).startHandshake();
            return true;
        } catch (IOException e) {
            stats.refused.increment();
            LOG.warn("receive: {}: TLS handshake failed: {}", session.peer(), e.getMessage());
            return false;
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    public ReceiverStats stats() {
        return stats;
    }

    public NdjsonJournal journal() {
        return journal;
    }

    /** Stops accepting, closes every connection, then syncs and closes the file. */
    @Override
    public void close() throws IOException {
        closeQuietly(server);
        for (ReceiverSession s : open) {
            s.close();
        }
        sessions.shutdown();
        try {
            if (!sessions.awaitTermination(10, TimeUnit.SECONDS)) {
                sessions.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        journal.close();
        LOG.info("receive: stopped after {}", stats);
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.trace("close", e);
        }
    }
}
