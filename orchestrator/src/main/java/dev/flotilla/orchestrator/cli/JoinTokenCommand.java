package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.client.ClientConfig;
import dev.flotilla.orchestrator.wire.ApiWire;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code flotilla join-token worker|manager [--rotate] [-q]}. The cluster stores only token hashes, so the token
 * shown comes from this administrator's config (written by init and by every rotation) after the cluster confirms
 * it is still current; {@code --rotate} issues a new one and the old one stops working.
 */
@Command(name = "join-token", description = "Show or rotate the join token for workers or managers.")
public final class JoinTokenCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ClusterOptions cluster;
    @Option(names = "--rotate", description = "Replace the token; the old one is refused from now on.")
    boolean rotate;
    @Option(names = {"-q", "--quiet"}, description = "Only print the token.")
    boolean quiet;
    @Parameters(arity = "1", paramLabel = "worker|manager")
    String role;

    @Override
    public Integer call() throws IOException {
        if (!role.equals("worker") && !role.equals("manager")) {
            throw new IllegalArgumentException("unknown role '" + role + "': use worker or manager");
        }
        cluster.client(); // a missing config or credential is reported as such, before any token is looked up
        String token;
        if (rotate) {
            token = cluster.client().post("/v1/join-tokens/" + role + "/rotate", null, ApiWire.TokenReply.class).token();
            cluster.remember();
            ClientConfig c = cluster.loadConfig().withToken(role, token);
            c.save(cluster.configPath());
        } else {
            token = cluster.loadConfig().tokens().get(role);
            ApiWire.TokenValid check = token == null ? new ApiWire.TokenValid(false)
                    : cluster.client().post("/v1/join-tokens/" + role + "/check", new ApiWire.TokenCheck(token),
                    ApiWire.TokenValid.class);
            boolean valid = check.valid();
            cluster.remember();
            if (!valid && !check.current().isEmpty()) {
                // the cluster's CA was rotated: the same secret with the new root's fingerprint
                token = check.current();
                cluster.loadConfig().withToken(role, token).save(cluster.configPath());
                valid = true;
            }
            if (!valid) {
                throw new CliError(ExitCodes.FAILED, "the cluster keeps only a hash of the " + role + " join token,"
                        + " and " + cluster.configPath() + " holds no current copy of it (it was rotated elsewhere or"
                        + " this config was not written by init). Issue a new one with `flotilla join-token --rotate "
                        + role + "`");
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        if (quiet) {
            out.println(token);
        } else {
            if (rotate) {
                out.println("Successfully rotated " + role + " join token.");
                out.println();
            }
            out.println("To add a " + role + " to this cluster, run the following command:");
            out.println();
            out.println("    flotilla join --token " + token + " " + cluster.client().lastManager());
            out.println();
        }
        out.flush();
        return ExitCodes.OK;
    }
}
