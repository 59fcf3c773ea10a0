package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.wire.ServiceViews;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code flotilla service create [OPTIONS] IMAGE [COMMAND] [ARG...]}: the flags of {@code docker service create}
 * that Flotilla supports, plus {@code --log-dir}. The flags it shares with {@code service update} are declared
 * once, in {@link SettingFlags}; the repeatable ones and the image by family in {@link ListFlags} and
 * {@link ImageFlags}. The whole definition is checked by the manager (every problem at once) before anything is
 * created; then the command follows the tasks until they run, unless {@code --detach}.
 */
@Command(name = "create", description = "Create a service.", modelTransformer = ServiceCreateCommand.StopAtImage.class)
public final class ServiceCreateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    ClusterOptions cluster;
    @Mixin
    ServiceWaitOptions wait;

    @Option(names = "--name", paramLabel = "NAME", description = "Service name (default: two made-up words, as docker does).")
    String name;
    @Option(names = "--mode", paramLabel = "MODE", description = "replicated (default) or global.")
    String mode;
    @Mixin
    SettingFlags settings;
    @Mixin
    ListFlags.Create lists;
    @Mixin
    ImageFlags.Create image;
    @Mixin
    RegistryFlags registry;

    /** Everything after the image belongs to the container's command, options included ({@code sh -c ...}). */
    public static final class StopAtImage implements CommandLine.IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec commandSpec) {
            commandSpec.parser().stopAtPositional(true);
            return commandSpec;
        }
    }

    @Override
    public Integer call() {
        long since = System.currentTimeMillis() - 1000;
        ServiceOptions options = options();
        Map<String, String> headers = registry.headers(options.image() == null ? "" : options.image());
        ServiceViews.Created created = cluster.client().post(registry.path("/v1/services"), options, headers,
                ServiceViews.Created.class, registry.registryWait());
        cluster.remember();
        RegistryFlags.warn(spec, created.warnings());
        spec.commandLine().getOut().println(created.service().id());
        spec.commandLine().getOut().flush();
        wait.follow(spec, cluster, created.service(), since);
        return ExitCodes.OK;
    }

    /** The flags as given, for the manager to check. */
    ServiceOptions options() {
        ServiceOptions.Builder b = ServiceOptions.builder(name, null).mode(mode);
        image.fill(b);
        settings.fill(b);
        lists.fill(b);
        return b.build();
    }
}
