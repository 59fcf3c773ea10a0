package dev.flotilla.shipper.output.beats;

import dev.flotilla.shipper.text.HostPort;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One Beats connection: the writer (a {@link ConnectionWorker}) writes windows, the reader thread reads ACKs.
 * Windows are acknowledged in the order they were written. On any failure the connection is closed at once and every window
 * not yet fully acknowledged goes back to the dispatch, to be resent whole on another connection: a connection
 * never continues after an error, so the peer can never see a window cut short (the desync hazard).
 */
final class Connection {
    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final FrameCodec.Limits ACK_LIMITS = new FrameCodec.Limits(1, 1, 1, 1);

    final HostPort host;
    private final Socket raw;
    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;
    private final Dispatch dispatch;
    private final long timeoutNanos;
    // guarded by dispatch.lock
    private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();
    private volatile boolean alive = true;
    private boolean progressed;
    private boolean idleAtFailure;
    private final long openedAt = System.nanoTime();
    private long busySince;
    private long lastFrameAt;
    private String failure;

    private Connection(HostPort host, Socket raw, Socket socket, Dispatch dispatch, long timeoutNanos)
            throws IOException {
        this.host = host;
        this.raw = raw;
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = socket.getInputStream();
        this.dispatch = dispatch;
        this.timeoutNanos = timeoutNanos;
    }

    /** Connects (TCP, then the TLS handshake when {@code ssl} is set), within the configured timeout. */
    static Connection open(HostPort host, BeatsOutputConfig config, SSLContext ssl, Dispatch dispatch) throws IOException {
        int timeoutMs = (int) Math.min(Integer.MAX_VALUE, Math.max(1, config.timeout().toMillis()));
        Socket raw = new Socket();
        try {
            raw.setTcpNoDelay(true);
            raw.setKeepAlive(true);
            raw.connect(new InetSocketAddress(host.host(), host.port()), timeoutMs);
            raw.setSoTimeout(timeoutMs);
            Socket socket = ssl == null ? raw : handshake(raw, host, config, ssl);
            long tick = Math.max(20, Math.min(1000, timeoutMs / 10));
            socket.setSoTimeout((int) tick);
            return new Connection(host, raw, socket, dispatch, config.timeout().toNanos());
        } catch (IOException | RuntimeException e) {
            closeQuietly(raw);
            throw e;
        }
    }

    private static Socket handshake(Socket plain, HostPort host, BeatsOutputConfig config, SSLContext ssl)
            throws IOException {
        SSLSocket s = (SSLSocket) ssl.getSocketFactory().createSocket(plain, host.host(), host.port(), true);
        SSLParameters p = s.getSSLParameters();
        TlsSettings.VerificationMode mode = config.tls().map(TlsSettings::verificationMode)
                .orElse(TlsSettings.VerificationMode.FULL);
        if (mode == TlsSettings.VerificationMode.FULL || mode == TlsSettings.VerificationMode.STRICT) {
            p.setEndpointIdentificationAlgorithm("HTTPS");
        }
        s.setSSLParameters(p);
        s.startHandshake();
        return s;
    }

    /** Writes a window's bytes. The window must already be registered with {@link #register}. */
    void write(byte[] bytes, int length) throws IOException {
        out.write(bytes, 0, length);
        out.flush();
    }

    /** Records a window as in flight. Call with the dispatch lock held, before writing it. */
    void register(InFlight w) {
        if (inFlight.isEmpty()) {
            busySince = System.nanoTime();
        }
        inFlight.addLast(w);
    }

    /** Reads ACKs until the connection fails or is closed. Runs on the connection's reader thread. */
    void readLoop() {
        FrameReader reader = new FrameReader(in, ACK_LIMITS);
        try {
            while (true) {
                Frame f;
                try {
                    f = reader.read();
                } catch (SocketTimeoutException e) {
                    if (overdue()) {
                        return;
                    }
                    continue;
                }
                if (f == null) {
                    fail("the server closed the connection", null);
                    return;
                }
                if (!(f instanceof Frame.Ack)) {
                    fail("protocol error: the server sent a '" + f.type() + "' frame; a client expects only ACKs", null);
                    return;
                }
                if (!onAck(((Frame.Ack) f).seq())) {
                    return;
                }
                dispatch.deliver();
            }
        } catch (IOException e) {
            fail(e instanceof ProtocolException ? "protocol error: " + e.getMessage() : "read failed: " + e, null);
        }
    }

    private boolean onAck(int seq) {
        dispatch.lock.lock();
        try {
            if (!alive) {
                return false;
            }
            lastFrameAt = System.nanoTime();
            if (seq == 0) {
                dispatch.counters.keepalives.increment();
                return true;
            }
            InFlight w = inFlight.peekFirst();
            if (w == null) {
                failLocked("protocol error: ACK " + seq + " arrived while no window was in flight", true);
                return false;
            }
            if (seq > w.count()) {
                failLocked("protocol error: ACK " + seq + " for a window of " + w.count() + " events", true);
                return false;
            }
            PendingBatch b = w.batch();
            int acked = w.base() + seq;
            if (acked > b.acked) {
                dispatch.counters.eventsAcked.add(acked - b.acked);
                b.acked = acked;
                progressed = true;
            }
            if (seq == w.count()) {
                inFlight.removeFirst();
                busySince = lastFrameAt;
                dispatch.changed.signalAll();
            }
            return true;
        } finally {
            dispatch.lock.unlock();
        }
    }

    /** After a read timeout: fails the connection when windows have waited longer than the timeout. */
    private boolean overdue() {
        dispatch.lock.lock();
        try {
            if (!alive) {
                return true;
            }
            if (inFlight.isEmpty()) {
                return false;
            }
            long since = Math.max(busySince, lastFrameAt);
            if (System.nanoTime() - since < timeoutNanos) {
                return false;
            }
            dispatch.counters.timeouts.increment();
            failLocked("no acknowledgement within " + timeoutNanos / 1_000_000 + " ms for " + inFlight.size()
                    + " window(s) in flight", true);
            return true;
        } finally {
            dispatch.lock.unlock();
        }
    }

    /** Closes the connection because of {@code reason} and hands its unacknowledged windows back; idempotent. */
    void fail(String reason, Throwable cause) {
        dispatch.lock.lock();
        try {
            if (!alive) {
                return;
            }
            failLocked(reason, true);
        } finally {
            dispatch.lock.unlock();
        }
        if (cause != null) {
            LOG.debug("beats → {}: failure detail", host, cause);
        }
    }

    private void failLocked(String reason, boolean report) {
        alive = false;
        idleAtFailure = inFlight.isEmpty();
        failure = reason;
        Set<PendingBatch> back = new LinkedHashSet<>();
        for (InFlight w : inFlight) {
            back.add(w.batch());
        }
        inFlight.clear();
        dispatch.requeue(back);
        closeQuietly(raw);
        if (report && !dispatch.closedLocked()) {
            dispatch.counters.connectionFailures.increment();
            if (back.isEmpty()) {
                LOG.info("beats → {}: connection closed: {}", host, reason);
            } else {
                LOG.warn("beats → {}: connection closed: {}; {} batch(es) will be resent on a new connection", host,
                        reason, back.size());
            }
        }
    }

    /**
     * Fails the connection if still alive, then releases it. The plain socket is closed first (under the lock, it
     * never blocks) so that a TLS socket's close cannot wait on a writer stuck on a full send buffer.
     */
    void close() {
        dispatch.lock.lock();
        try {
            if (alive) {
                failLocked("closed by the output", false);
            }
        } finally {
            dispatch.lock.unlock();
        }
        closeQuietly(socket);
    }

    boolean alive() {
        return alive;
    }

    int inFlightCount() {
        return inFlight.size();
    }

    int inFlightCountLocked() {
        dispatch.lock.lock();
        try {
            return inFlight.size();
        } finally {
            dispatch.lock.unlock();
        }
    }

    /**
     * Whether the connection was healthy, read after it ended: the peer acknowledged something on it, or it ended
     * while idle after living a second or more (a server closing idle connections is no reason to back off).
     */
    boolean healthy() {
        dispatch.lock.lock();
        try {
            return progressed || (idleAtFailure && System.nanoTime() - openedAt >= 1_000_000_000L);
        } finally {
            dispatch.lock.unlock();
        }
    }

    String failure() {
        dispatch.lock.lock();
        try {
            return failure;
        } finally {
            dispatch.lock.unlock();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.trace("close failed", e);
        }
    }
}
