package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.wire.ApiWire;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.util.concurrent.Callable;

/** {@code flotilla update --cert-expiry DURATION}: cluster-wide settings, like {@code docker swarm update}. */
@Command(name = "update", description = "Update cluster-wide settings.")
public final class UpdateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ClusterOptions cluster;
    @Option(names = "--cert-expiry", paramLabel = "DURATION",
            description = "How long node certificates are valid (e.g. 2160h, at least 1h); nodes renew with it.")
    String certExpiry;

    @Override
    public Integer call() {
        if (certExpiry == null) {
            throw new ParameterException(spec.commandLine(), "nothing to update: pass --cert-expiry DURATION");
        }
        InitCommand.certExpiry(certExpiry);
        ApiWire.Message m = cluster.client().post("/v1/cluster/cert-expiry", new ApiWire.CertExpiry(certExpiry),
                ApiWire.Message.class);
        cluster.remember();
        spec.commandLine().getOut().println(m.message());
        spec.commandLine().getOut().flush();
        return ExitCodes.OK;
    }
}
