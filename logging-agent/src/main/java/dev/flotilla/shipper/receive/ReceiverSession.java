package dev.flotilla.shipper.receive;

import dev.flotilla.shipper.output.beats.Frame;
import dev.flotilla.shipper.output.beats.FrameCodec;
import dev.flotilla.shipper.output.beats.FrameReader;
import dev.flotilla.shipper.output.beats.ProtocolException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection. The reading side checks every frame (a window first, then exactly its count of JSON
 * frames numbered from 1, with no gap; compressed frames holding whole frames), appends events to the journal and
 * queues an ACK ticket; the acknowledging side sends each ACK once its ticket is on disk, in order, and an ACK 0
 * keepalive whenever it has waited {@code keepalive} for the disk. Any bad frame closes this connection only, with
 * the reason logged; what was not acknowledged will be resent by the client.
 */
final class ReceiverSession {
    private static final Logger LOG = LoggerFactory.getLogger(ReceiverSession.class);
    private static final int PARTIAL_ACK_EVERY = 512;
    private static final Ticket END = new Ticket(-1, -1);

    private record Ticket(long position, int seq) {
    }

    private final Socket socket;
    private final String peer;
    private final NdjsonJournal journal;
    private final ReceiverConfig config;
    private final ReceiverStats stats;
    private final BlockingQueue<Ticket> acks = new ArrayBlockingQueue<>(64);
    private final List<byte[]> chunk = new ArrayList<>();
    private int windowSize;
    private int nextSeq;

    ReceiverSession(Socket socket, NdjsonJournal journal, ReceiverConfig config, ReceiverStats stats) {
        this.socket = socket;
        this.peer = socket.getRemoteSocketAddress().toString();
        this.journal = journal;
        this.config = config;
        this.stats = stats;
    }

    /** Reads until the client closes or errs. Runs on the session's reader thread. */
    void readLoop() {
        boolean clean = false;
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, config.idleTimeout().toMillis()));
            FrameReader reader = new FrameReader(socket.getInputStream(), config.limits());
            while (true) {
                Frame f;
                try {
                    f = reader.read();
                } catch (SocketTimeoutException e) {
                    if (windowSize == 0 && acks.isEmpty() && !reader.hasPartialFrame()) {
                        LOG.info("receive: {}: closing a connection idle for {} s", peer, config.idleTimeout().toSeconds());
                        return;
                    }
                    continue;
                }
                if (f == null) {
                    if (windowSize > 0) {
                        LOG.warn("receive: {}: the client closed after {} of {} events of a window", peer,
                                nextSeq - 1, windowSize);
                    }
                    clean = true;
                    return;
                }
                handle(f);
            }
        } catch (ProtocolException e) {
            stats.refused.increment();
            LOG.warn("receive: {}: refusing the connection: {}", peer, e.getMessage());
        } catch (IOException e) {
            if (!socket.isClosed()) {
                LOG.info("receive: {}: connection ended: {}", peer, e.toString());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (!clean) {
                acks.clear();
                close();
            }
            if (!acks.offer(END)) {
                close();
            }
        }
    }

    /** Queues a ticket, waiting while 64 are queued, unless the connection closes meanwhile. */
    private void enqueue(Ticket t) throws IOException, InterruptedException {
        while (!acks.offer(t, 200, java.util.concurrent.TimeUnit.MILLISECONDS)) {
            if (socket.isClosed()) {
                throw new IOException("the connection closed while acknowledgements were pending");
            }
        }
    }

    private void handle(Frame f) throws IOException, InterruptedException {
        if (f instanceof Frame.Compressed c) {
            for (Frame inner : FrameCodec.inflate(c, config.limits())) {
                handle(inner);
            }
            flushChunk();
        } else if (f instanceof Frame.Window w) {
            window(w.count());
        } else if (f instanceof Frame.Json j) {
            json(j);
        } else {
            throw new ProtocolException("the client sent an ACK frame; only servers send ACKs");
        }
    }

    private void window(int count) throws IOException, InterruptedException {
        if (windowSize > 0) {
            throw new ProtocolException("a new window began after " + (nextSeq - 1) + " of the " + windowSize
                    + " events of the previous one (a window cut short would put every later one out of step)");
        }
        if (count == 0) {
            enqueue(new Ticket(0, 0));
            return;
        }
        windowSize = count;
        nextSeq = 1;
    }

    private void json(Frame.Json j) throws IOException, InterruptedException {
        if (windowSize == 0) {
            throw new ProtocolException("a JSON frame (seq " + j.seq() + ") arrived outside a window; send 'W' first");
        }
        if (j.seq() != nextSeq) {
            throw new ProtocolException("expected JSON frame " + nextSeq + " of a window of " + windowSize + ", got "
                    + j.seq() + " (a gap or a reordering)");
        }
        chunk.add(JsonLine.check(j.payload(), j.seq()));
        nextSeq++;
        if (nextSeq > windowSize || chunk.size() >= PARTIAL_ACK_EVERY) {
            flushChunk();
        }
    }

    private void flushChunk() throws IOException, InterruptedException {
        if (chunk.isEmpty()) {
            return;
        }
        long ticket = journal.append(chunk);
        stats.events.add(chunk.size());
        chunk.clear();
        int seq = nextSeq - 1;
        enqueue(new Ticket(ticket, seq));
        if (nextSeq > windowSize) {
            windowSize = 0;
            nextSeq = 0;
            stats.windows.increment();
        }
    }

    /** Sends ACKs as tickets become durable. Runs on the session's acknowledging thread. */
    void ackLoop() {
        try {
            OutputStream out = socket.getOutputStream();
            long keepalive = config.keepalive().toNanos();
            while (true) {
                Ticket t = acks.take();
                if (t == END) {
                    close();
                    return;
                }
                while (!journal.awaitDurable(t.position(), keepalive)) {
                    out.write(FrameCodec.encode(new Frame.Ack(0)));
                    out.flush();
                    stats.keepalives.increment();
                }
                out.write(FrameCodec.encode(new Frame.Ack(t.seq())));
                out.flush();
            }
        } catch (IOException e) {
            if (!socket.isClosed()) {
                LOG.warn("receive: {}: cannot acknowledge: {}; closing the connection", peer, e.getMessage());
            }
            close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
        }
    }

    void close() {
        try {
            socket.close();
        } catch (IOException e) {
            LOG.trace("close", e);
        }
    }

    String peer() {
        return peer;
    }
}
