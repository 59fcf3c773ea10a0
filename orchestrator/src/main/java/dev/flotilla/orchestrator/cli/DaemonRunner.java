package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.tls.ClientTls;
import dev.flotilla.orchestrator.tls.PeerCheck;
import dev.flotilla.orchestrator.identity.DataDirException;
import dev.flotilla.orchestrator.api.NodeRole;
import dev.flotilla.orchestrator.client.ApiClient;
import dev.flotilla.orchestrator.daemon.Daemon;
import dev.flotilla.orchestrator.daemon.Launcher;
import dev.flotilla.orchestrator.identity.DataDir;
import dev.flotilla.orchestrator.identity.DataDirException;
import dev.flotilla.orchestrator.identity.NodeIdentity;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ApiWire;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Runs a node's daemon either in this process (--foreground, for systemd and tests) or as a detached background
 * process, and waits until it is ready: its API answers and, for a manager, it is a Raft member with the cluster
 * state loaded. A daemon that dies or never gets ready is reported with the end of its log.
 */
final class DaemonRunner {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);
    private final DataDir dir;
    private Daemon inProcess;
    private Process background;

    DaemonRunner(DataDir dir) {
        this.dir = dir;
    }

    void start(boolean foreground) throws IOException, DataDirException {
        if (foreground) {
            inProcess = Daemon.start(dir);
            Daemon d = inProcess;
            Runtime.getRuntime().addShutdownHook(new Thread(d::close, "flotilla-shutdown"));
        } else {
            // a daemon already on this data dir would answer the readiness check in place of the new one, which
            // then exits on the lock: refuse here, where the user sees it
            try (AutoCloseable free = dir.lock()) {
                // nobody holds it: released at once, for the new daemon to take
            } catch (DataDirException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException("could not release the lock of " + dir.root() + ": " + e.getMessage(), e);
            }
            background = Launcher.spawn(dir);
        }
    }

    /** How the CLI on a node's own machine talks to its daemon: as the node, with the node's certificate. */
    static ClientTls localTls(DataDir dir) {
        try {
            return dir.tls().load().client(PeerCheck.anyNode());
        } catch (DataDirException e) {
            throw new CliError(ExitCodes.USAGE, e.getMessage());
        }
    }

    /** Waits for readiness; {@code manager} also requires Raft membership and the cluster state. */
    ApiWire.Health awaitReady(NodeIdentity id, boolean manager) {
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        ApiClient local = new ApiClient(List.of(id.apiAddress()), localTls(dir), null, Duration.ofSeconds(2));
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            if (background != null && !background.isAlive()) {
                throw new CliError(ExitCodes.FAILED, "the daemon exited with status " + background.exitValue()
                        + ". The end of " + dir.logFile() + ":\n" + Launcher.tail(dir, 15));
            }
            try {
                ApiWire.Health h = local.get("/v1/health", ApiWire.Health.class);
                boolean member = "LEADER".equals(h.raftRole()) || "FOLLOWER".equals(h.raftRole());
                if (!manager || (h.role() == NodeRole.MANAGER && member && h.initialized())) {
                    return h;
                }
                last = "role " + h.role() + ", raft " + h.raftRole() + (h.initialized() ? "" : ", state not loaded");
            } catch (ApiProblem p) {
                last = p.getMessage();
            }
            sleep(100);
        }
        throw new CliError(ExitCodes.UNAVAILABLE, "the daemon did not become ready within " + READY_TIMEOUT.toSeconds()
                + "s (" + last + "). See " + dir.logFile() + (background != null ? ":\n" + Launcher.tail(dir, 15) : ""));
    }

    /** In foreground mode, blocks until the daemon stops; in background mode returns at once. */
    void keepRunning() throws InterruptedException {
        if (inProcess != null) {
            inProcess.awaitStop();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliError(ExitCodes.FAILED, "interrupted");
        }
    }
}
