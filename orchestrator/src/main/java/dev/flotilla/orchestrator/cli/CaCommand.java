package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.client.ClientConfig;
import dev.flotilla.orchestrator.security.JoinToken;
import dev.flotilla.orchestrator.wire.ApiWire;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code flotilla ca [--rotate] [--detach] [-q]}, like {@code docker swarm ca}: prints the cluster's root CA
 * certificate; {@code --rotate} replaces the root across the running cluster. A rotation (started here or
 * elsewhere) is followed until every node holds a certificate of the new root, unless {@code --detach}; then this
 * config trusts the new root and its join tokens carry the new fingerprint.
 */
@Command(name = "ca", description = "Display and rotate the root CA.")
public final class CaCommand implements Callable<Integer> {
    private static final long POLL_MILLIS = 500;
    @Spec
    CommandSpec spec;
    @Mixin
    ClusterOptions cluster;
    @Option(names = "--rotate", description = "Rotate the root CA: nodes renew under a new root, without restarts.")
    boolean rotate;
    @Option(names = {"-d", "--detach"}, description = "Exit immediately instead of waiting for the rotation to finish.")
    boolean detach;
    @Option(names = {"-q", "--quiet"}, description = "Suppress progress output and the certificate.")
    boolean quiet;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        ApiWire.CaStatus st = rotate
                ? cluster.client().post("/v1/ca/rotate", null, ApiWire.CaStatus.class)
                : status();
        cluster.remember();
        if (st.rotating() && detach) {
            if (!quiet) {
                err.println("Rotation to root CA " + st.nextFingerprint() + " in progress (" + progress(st)
                        + "); `flotilla ca` follows it.");
                err.flush();
            }
            return ExitCodes.OK;
        }
        String shown = "";
        while (st.rotating()) {
            String line = "rotating the root CA to " + st.nextFingerprint() + ": " + progress(st);
            if (!quiet && !line.equals(shown)) {
                err.println(line);
                err.flush();
                shown = line;
            }
            Thread.sleep(POLL_MILLIS);
            st = status();
        }
        String fingerprint = st.tokenFingerprint();
        // read again: a rotation can take minutes, and another command may have changed the file meanwhile
        ClientConfig.load(cluster.configPath()).withRoot(st.rootCertificate(), t -> retoken(t, fingerprint))
                .save(cluster.configPath());
        if (!quiet) {
            if (rotate) {
                err.println("Root CA rotated: every node holds a certificate of " + st.rootFingerprint() + ". The join"
                        + " tokens changed with it (flotilla join-token worker|manager); " + cluster.configPath()
                        + " trusts the new root.");
                err.flush();
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(st.rootCertificate());
            out.flush();
        }
        return ExitCodes.OK;
    }

    private ApiWire.CaStatus status() {
        return cluster.client().get("/v1/ca/status", ApiWire.CaStatus.class);
    }

    private static String progress(ApiWire.CaStatus st) {
        String s = st.renewed() + " of " + st.nodes() + " nodes renewed";
        return st.waiting().isEmpty() ? s : s + "; waiting for " + String.join(", ", st.waiting())
                + (st.waiting().stream().anyMatch(w -> w.endsWith("(down)")) ? " (a node that is down renews when it"
                + " is back; or remove it: flotilla node rm)" : "");
    }

    /** The same secret under the new root's fingerprint; a token this config cannot read stays as it is. */
    private static String retoken(String token, String fingerprint) {
        try {
            return new JoinToken(fingerprint, JoinToken.parse(token).secret()).toString();
        } catch (IllegalArgumentException e) {
            return token;
        }
    }
}
