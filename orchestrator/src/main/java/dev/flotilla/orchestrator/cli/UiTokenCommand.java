package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.client.ClientConfig;
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
 * {@code flotilla ui-token [--rotate] [-q]}: the read-only token that opens the visualizer. Like join tokens, the
 * cluster keeps only its hash, so the token shown comes from this administrator's config once the cluster confirms
 * it is current; {@code --rotate} issues a new one and revokes the old one (open pages are refused at once).
 */
@Command(name = "ui-token", description = "Show or rotate the read-only token that opens the visualizer.")
public final class UiTokenCommand implements Callable<Integer> {
    static final String ROLE = "viewer";
    @Spec
    CommandSpec spec;
    @Mixin
    ClusterOptions cluster;
    @Option(names = "--rotate", description = "Issue a new token; the old one is refused from now on.")
    boolean rotate;
    @Option(names = {"-q", "--quiet"}, description = "Only print the token.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        String token = cluster.loadConfig().tokens().get(ROLE);
        boolean issued = false;
        if (!rotate && token != null) {
            boolean valid = cluster.client().post("/v1/ui-token/check", new ApiWire.TokenCheck(token),
                    ApiWire.TokenValid.class).valid();
            if (!valid) {
                throw new CliError(ExitCodes.FAILED, "the viewer token in " + cluster.configPath() + " is no longer"
                        + " current (it was rotated elsewhere); issue a new one with `flotilla ui-token --rotate`");
            }
        } else {
            token = cluster.client().post("/v1/ui-token/rotate", null, ApiWire.TokenReply.class).token();
            issued = true;
            cluster.remember();
            ClientConfig c = cluster.loadConfig().withToken(ROLE, token);
            c.save(cluster.configPath());
        }
        cluster.remember();
        PrintWriter out = spec.commandLine().getOut();
        if (quiet) {
            out.println(token);
        } else {
            if (rotate) {
                out.println("Successfully rotated the viewer token; pages opened with the old one are refused.");
                out.println();
            } else if (issued) {
                out.println("Issued a viewer token.");
                out.println();
            }
            out.println("To open the visualizer, browse to a manager's visualizer address (flotilla info shows it)");
            out.println("and enter this read-only token:");
            out.println();
            out.println("    " + token);
            out.println();
        }
        out.flush();
        return ExitCodes.OK;
    }
}
