package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.spec.ServiceUpdateOptions;
import dev.flotilla.orchestrator.wire.ServiceViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code flotilla service update [OPTIONS] SERVICE}: changes a service the way {@code docker service update}
 * does. Changes to what the containers run roll through the tasks, {@code --update-parallelism} at a time with
 * {@code --update-delay} between batches, each old task stopped before its replacement starts; {@code --force}
 * redeploys without a change (which also spreads tasks over nodes that joined since). The flags it shares with
 * {@code service create} are declared once, in {@link SettingFlags}; flags not given keep the current value.
 */
@Command(name = "update", description = "Update a service (rolling).",
        footer = "Flags not given keep the service's current value; a default shown is what service create uses.")
public final class ServiceUpdateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ClusterOptions cluster;
    @Mixin
    ServiceWaitOptions wait;

    @Mixin
    ImageFlags.Update image;
    @Mixin
    SettingFlags settings;
    @Mixin
    ListFlags.Update lists;
    @Mixin
    RegistryFlags registry;
    @Option(names = "--force", description = "Redeploy every task even without a change; the image's tag is"
            + " pinned again to the digest the registry serves now, unless --no-resolve-image.")
    boolean force;

    @Parameters(index = "0", paramLabel = "SERVICE", description = "Service name or id.")
    String service;

    @Override
    public Integer call() {
        long since = System.currentTimeMillis() - 1000;
        ServiceUpdateOptions options = options();
        Map<String, String> headers = Map.of();
        if (registry.withRegistryAuth) {
            String target = options.image() != null && !options.image().isBlank() ? options.image()
                    : cluster.client().get(ServiceCommand.path(service), Service.class).spec().image();
            headers = registry.headers(target);
        }
        ServiceViews.Updated u = cluster.client().post(registry.path(ServiceCommand.path(service) + "/update"),
                options, headers, ServiceViews.Updated.class, registry.registryWait());
        cluster.remember();
        RegistryFlags.warn(spec, u.warnings());
        spec.commandLine().getOut().println(u.service().name());
        spec.commandLine().getOut().flush();
        wait.follow(spec, cluster, u.service(), since);
        return ExitCodes.OK;
    }

    /** The changes as given, for the manager to apply and check. */
    ServiceUpdateOptions options() {
        ServiceUpdateOptions.Builder b = ServiceUpdateOptions.builder().force(force);
        image.fill(b);
        settings.fill(b);
        lists.fill(b);
        return b.build();
    }
}
