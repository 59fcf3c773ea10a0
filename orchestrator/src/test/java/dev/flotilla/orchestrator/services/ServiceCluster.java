package dev.flotilla.orchestrator.services;

import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.cli.Main;
import dev.flotilla.orchestrator.client.ApiClient;
import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.wire.ApiWire;
import dev.flotilla.orchestrator.wire.ServiceViews;
import dev.flotilla.testkit.Await;
import dev.flotilla.testkit.DockerEngine;
import dev.flotilla.testkit.Ports;
import com.fasterxml.jackson.core.type.TypeReference;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.zerodep.ZerodepDockerHttpClient;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A cluster of daemon processes sharing this machine's Docker engine, for the services and visualizer ITs: nodes on their own
 * 127.0.0.x addresses, an administrator config, the CLI run in the test's JVM, and a docker-java client to check
 * what really runs. Every container the agents create carries this run's label, and {@link #close()} leaves none.
 */
public final class ServiceCluster implements AutoCloseable {
    public static final String TEST_LABEL = "dev.flotilla.test";
    public static final String RUN_LABEL = "dev.flotilla.test.run";
    private static final int BASE_HOST = 200 + (int) (ProcessHandle.current().pid() % 9) * 5;

    public final String run = UUID.randomUUID().toString().substring(0, 8);
    public final Path root;
    public final String config;
    public final List<ServiceNode> nodes = new ArrayList<>();
    public final DockerClient docker;
    private final String heartbeat;

    public ServiceCluster(String name, String heartbeat) {
        DockerEngine.require();
        this.heartbeat = heartbeat;
        this.root = Path.of(System.getProperty("flotilla.it.dir", "target/it")).toAbsolutePath()
                .resolve(name + "-" + run);
        this.config = root.resolve("admin-config.json").toString();
        try {
            Files.createDirectories(root.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var cfg = DefaultDockerClientConfig.createDefaultConfigBuilder().withDockerHost("unix://" + DockerEngine.SOCKET).build();
        docker = DockerClientImpl.getInstance(cfg, new ZerodepDockerHttpClient.Builder().dockerHost(cfg.getDockerHost())
                .responseTimeout(Duration.ofMinutes(2)).build());
    }

    private ServiceNode node(String name) {
        String host = "127.0.0." + (BASE_HOST + nodes.size());
        ServiceNode n = new ServiceNode(name, host, Ports.free(host), Ports.free(host), root.resolve(name),
                root.resolve("logs"), Map.of("FLOTILLA_CONTAINER_LABELS", TEST_LABEL + "=true," + RUN_LABEL + "=" + run));
        nodes.add(n);
        return n;
    }

    public ServiceNode init(String name, String cpus) {
        return init(name, cpus, n -> List.of());
    }

    /** {@code init} with extra daemon flags for this node only (like {@code --ui-addr} on its own address). */
    public ServiceNode init(String name, String cpus, Function<ServiceNode, List<String>> extraFlags) {
        ServiceNode n = node(name);
        List<String> args = new ArrayList<>(List.of("init", "--config", config, "--heartbeat-period", heartbeat));
        args.addAll(n.flags(cpus));
        args.addAll(extraFlags.apply(n));
        n.launch(args);
        Await.until(name + " initialized", Duration.ofSeconds(90),
                () -> Files.exists(Path.of(config)) && n.output().contains("Cluster initialized"));
        return n;
    }

    public ServiceNode join(String name, String cpus) {
        return join(name, cpus, "worker", n -> List.of());
    }

    /** {@code join} with the current token of {@code role} (worker or manager) and extra daemon flags. */
    public ServiceNode join(String name, String cpus, String role, Function<ServiceNode, List<String>> extraFlags) {
        String token = cli("join-token", "-q", role).ok().out().trim();
        ServiceNode n = node(name);
        List<String> args = new ArrayList<>(List.of("join", "--token", token));
        args.addAll(n.flags(cpus));
        args.addAll(extraFlags.apply(n));
        args.add(nodes.get(0).api());
        n.launch(args);
        Await.until(name + " joined", Duration.ofSeconds(90), () -> n.output().contains("This node joined a cluster"));
        return n;
    }

    public ServiceNode byName(String name) {
        return nodes.stream().filter(n -> n.name.equals(name)).findFirst().orElseThrow();
    }

    /** The CLI, in process, with this cluster's admin config. */
    public Cli cli(String... args) {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        if (!a.get(0).equals("leave")) {
            a.add(a.get(0).equals("node") || a.get(0).equals("service") ? 2 : 1, "--config=" + config);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long t0 = System.nanoTime();
        int code = Main.run(a.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString(), (System.nanoTime() - t0) / 1_000_000);
    }

    public record Cli(int exit, String out, String err, long millis) {
        public Cli ok() {
            if (exit != 0) {
                throw new AssertionError("command failed with exit " + exit + ":\n" + err + out);
            }
            return this;
        }
    }

    /** A node's own health: its agent's rounds and, on the leader, the orchestrator's passes. */
    ApiWire.Health health(String name) {
        ServiceNode n = byName(name);
        dev.flotilla.orchestrator.tls.ClientTls own;
        try {
            own = new dev.flotilla.orchestrator.identity.DataDir(n.dataDir).tls().load()
                    .client(dev.flotilla.orchestrator.tls.PeerCheck.anyNode());
        } catch (dev.flotilla.orchestrator.identity.DataDirException e) {
            throw new AssertionError("cannot read the identity of " + name, e);
        }
        // a worker answers only its own certificate; a manager would take the administrator's credential too
        return new ApiClient(List.of(n.api()), own, null, Duration.ofSeconds(5)).get("/v1/health", ApiWire.Health.class);
    }


    /**
     * Waits until node {@code name}'s agent has run {@code rounds} more convergence rounds and the leader's
     * orchestrator {@code passes} more passes: both had the chance to act on what the test did before the call,
     * so a "nothing happened" check after it means something.
     */
    void awaitProgress(String name, String leader, int rounds, int passes) {
        long r0 = health(name).agentRounds();
        long p0 = health(leader).orchestrationPasses();
        Await.until(name + "'s agent: " + rounds + " more rounds; " + leader + "'s orchestrator: " + passes
                + " more passes", Duration.ofSeconds(60), () -> health(name).agentRounds() >= r0 + rounds
                && health(leader).orchestrationPasses() >= p0 + passes);
    }

    /** The hostname of the current leader, as the managers report it. */
    public String leaderName() {
        return nodeViews().stream().filter(v -> v.managerStatus() != null && v.managerStatus().leader())
                .map(v -> v.node().hostname()).findFirst().orElseThrow(() -> new AssertionError("no leader shown"));
    }

    public List<ApiWire.NodeView> nodeViews() {
        try {
            return Json.mapper().readValue(cli("node", "ls", "--format", "json").ok().out(),
                    new TypeReference<List<ApiWire.NodeView>>() { });
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    public String nodeId(String hostname) {
        return nodeViews().stream().filter(v -> v.node().hostname().equals(hostname)).findFirst().orElseThrow()
                .node().id();
    }

    public String nodeStatus(String hostname) {
        return nodeViews().stream().filter(v -> v.node().hostname().equals(hostname)).findFirst().orElseThrow()
                .node().status().display();
    }

    /** {@code service ps --format json}, flattened. */
    List<ServiceViews.TaskView> tasks(String service) {
        try {
            List<ServiceViews.Tasks> all = Json.mapper().readValue(cli("service", "ps", "--format", "json", service)
                    .ok().out(), new TypeReference<List<ServiceViews.Tasks>>() { });
            return all.get(0).tasks();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    List<Task> liveTasks(String service) {
        return tasks(service).stream().map(ServiceViews.TaskView::task).filter(Task::isLive).toList();
    }

    /** This run's containers of a service (running or not). */
    public List<Container> containers(String service, boolean all) {
        return docker.listContainersCmd().withShowAll(all)
                .withLabelFilter(Map.of(RUN_LABEL, run, "dev.flotilla.service", service)).exec();
    }

    public String logs() {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.list(root.resolve("logs"))) {
            s.sorted().forEach(p -> {
                try {
                    List<String> l = Files.readAllLines(p);
                    b.append("\n==== ").append(p.getFileName()).append('\n')
                            .append(String.join("\n", l.subList(Math.max(0, l.size() - 30), l.size())));
                } catch (IOException e) {
                    b.append(e);
                }
            });
        } catch (IOException e) {
            b.append(e);
        }
        return b.toString();
    }

    @Override
    public void close() {
        nodes.forEach(n -> {
            if (n.alive()) {
                n.sigcont();
            }
        });
        nodes.parallelStream().forEach(ServiceNode::stop);
        for (Container c : docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RUN_LABEL, run)).exec()) {
            try {
                docker.removeContainerCmd(c.getId()).withForce(true).exec();
            } catch (RuntimeException e) {
                // already going away
            }
        }
        try {
            docker.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
