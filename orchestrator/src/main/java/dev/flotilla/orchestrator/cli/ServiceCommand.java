package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.wire.ServiceViews;
import com.fasterxml.jackson.core.type.TypeReference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code flotilla service ...}: create, list, inspect, scale, update, roll back and remove services, like
 * {@code docker service}.
 */
@Command(name = "service", description = "Manage services.",
        subcommands = {ServiceCreateCommand.class, ServiceCommand.Ls.class, ServiceCommand.Ps.class,
                ServiceCommand.Inspect.class, ServiceCommand.Scale.class, ServiceUpdateCommand.class,
                ServiceCommand.Rollback.class, ServiceCommand.Rm.class})
public final class ServiceCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static String path(String ref) {
        return "/v1/services/" + URLEncoder.encode(ref, StandardCharsets.UTF_8);
    }

    @Command(name = "ls", aliases = "list", description = "List services.")
    static final class Ls implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ClusterOptions cluster;
        @Mixin
        FormatOption format;
        @Option(names = {"-q", "--quiet"}, description = "Only print service ids.")
        boolean quiet;
        @Option(names = {"-f", "--filter"}, paramLabel = "KEY=VALUE",
                description = "Only services that match (repeatable): id=PREFIX, name=PREFIX, mode=replicated|global,"
                        + " label=KEY or label=KEY=VALUE.")
        List<String> filters = new ArrayList<>();

        @Override
        public Integer call() {
            boolean json = format.json();
            Filters<ServiceViews.Summary> filter = Filters.<ServiceViews.Summary>parse(filters,
                    List.of("id", "name", "mode", "label"), (key, value, s) -> switch (key) {
                        case "id" -> s.service().id().startsWith(value);
                        case "name" -> s.service().spec().name().startsWith(value);
                        case "mode" -> s.service().spec().mode().name().equalsIgnoreCase(value);
                        default -> Filters.label(value, s.service().spec().labels());
                    }).oneOf("mode", java.util.Set.of("replicated", "global"));
            List<ServiceViews.Summary> services = filter.apply(cluster.client().get("/v1/services", Json.mapper()
                    .getTypeFactory().constructType(new TypeReference<List<ServiceViews.Summary>>() { })));
            cluster.remember();
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(Json.pretty(services));
            } else if (quiet) {
                services.forEach(s -> out.println(s.service().id()));
            } else {
                ServiceTables.ls(out, services, format.rows());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "ps", description = "List the tasks of services, with the history of each slot.")
    static final class Ps implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ClusterOptions cluster;
        @Mixin
        TaskListing listing;
        @Parameters(arity = "1..*", paramLabel = "SERVICE")
        List<String> refs;

        @Override
        public Integer call() {
            listing.filter();
            listing.checkNodes(cluster);
            List<ServiceViews.Tasks> all = new ArrayList<>();
            for (String ref : refs) {
                all.add(cluster.client().get(path(ref) + "/tasks", ServiceViews.Tasks.class));
            }
            cluster.remember();
            listing.print(spec.commandLine().getOut(), all);
            return ExitCodes.OK;
        }
    }

    @Command(name = "inspect", description = "Show services in detail (JSON, or --pretty).")
    static final class Inspect implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ClusterOptions cluster;
        @Option(names = "--pretty", description = "Human-readable output.")
        boolean pretty;
        @Parameters(arity = "1..*", paramLabel = "SERVICE")
        List<String> refs;

        @Override
        public Integer call() {
            return Inspection.print(spec, cluster, refs, ref -> cluster.client().get(path(ref), Service.class), pretty,
                    ServicePretty::print);
        }
    }

    @Command(name = "scale", description = "Scale replicated services: SERVICE=REPLICAS ...")
    static final class Scale implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ClusterOptions cluster;
        @Mixin
        ServiceWaitOptions wait;
        @Parameters(arity = "1..*", paramLabel = "SERVICE=REPLICAS")
        List<String> targets;

        @Override
        public Integer call() {
            List<String[]> parsed = new ArrayList<>();
            for (String t : targets) {
                int eq = t.indexOf('=');
                if (eq <= 0 || eq == t.length() - 1) {
                    throw new IllegalArgumentException("invalid scale target '" + t + "': write SERVICE=REPLICAS,"
                            + " for example web=5");
                }
                int n;
                try {
                    n = Integer.parseInt(t.substring(eq + 1).strip());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("invalid replicas in '" + t + "': not a whole number");
                }
                if (n < 0) {
                    throw new IllegalArgumentException("invalid replicas in '" + t + "': cannot be negative");
                }
                parsed.add(new String[]{t.substring(0, eq), Integer.toString(n)});
            }
            long since = System.currentTimeMillis() - 1000;
            PrintWriter out = spec.commandLine().getOut();
            List<Service> scaled = new ArrayList<>();
            Map<String, String> replicas = new LinkedHashMap<>();
            parsed.forEach(p -> replicas.put(p[0], p[1]));
            int exit = EachRef.run(spec, List.copyOf(replicas.keySet()), name -> {
                ServiceViews.Updated u = cluster.client().post(path(name) + "/scale",
                        new ServiceViews.Scale(Integer.parseInt(replicas.get(name))), ServiceViews.Updated.class);
                out.println(u.service().name() + " scaled to " + replicas.get(name));
                out.flush();
                scaled.add(u.service());
            });
            cluster.remember();
            for (Service s : scaled) {
                wait.follow(spec, cluster, s, since);
            }
            return exit;
        }
    }

    @Command(name = "rollback", description = "Go back to the definition the service had before its last update"
            + " (image, env, replicas, ...), rolled out as an update.")
    static final class Rollback implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ClusterOptions cluster;
        @Mixin
        ServiceWaitOptions wait;
        @Parameters(paramLabel = "SERVICE")
        String service;

        @Override
        public Integer call() {
            long since = System.currentTimeMillis() - 1000;
            ServiceViews.Updated u = cluster.client().post(path(service) + "/rollback", Map.of(),
                    ServiceViews.Updated.class);
            cluster.remember();
            PrintWriter out = spec.commandLine().getOut();
            out.println(u.service().name());
            out.println("rollback: manually requested rollback");
            out.flush();
            wait.follow(spec, cluster, u.service(), since);
            return ExitCodes.OK;
        }
    }

    @Command(name = "rm", aliases = "remove", description = "Remove services (their containers are stopped and removed).")
    static final class Rm implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ClusterOptions cluster;
        @Parameters(arity = "1..*", paramLabel = "SERVICE")
        List<String> refs;

        @Override
        public Integer call() {
            int exit = EachRef.run(spec, refs, ref -> {
                cluster.client().delete(path(ref), Service.class);
                spec.commandLine().getOut().println(ref);
                spec.commandLine().getOut().flush();
            });
            cluster.remember();
            return exit;
        }
    }
}
