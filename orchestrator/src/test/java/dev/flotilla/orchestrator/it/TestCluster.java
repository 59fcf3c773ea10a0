package dev.flotilla.orchestrator.it;

import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.wire.ApiWire;
import dev.flotilla.testkit.Await;
import dev.flotilla.testkit.Ports;
import com.fasterxml.jackson.core.type.TypeReference;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A cluster of real daemon processes for one test class: members on 127.0.0.x addresses with ports from
 * {@link Ports}, data dirs and logs under target/it/, and an administrator config written by {@code init}.
 */
public final class TestCluster implements AutoCloseable {
    private static int nextHost = 10 + (int) (ProcessHandle.current().pid() % 20) * 10;
    final Path root;
    final String config;
    final List<Member> members = new ArrayList<>();
    /** Extra flags for every init and join (benchmarks set the election timeout here). */
    public final List<String> extraNodeFlags = new ArrayList<>();

    public TestCluster(String name) {
        this.root = Path.of(System.getProperty("flotilla.it.dir", "target/it")).resolve(name + "-" + System.currentTimeMillis());
        this.config = root.resolve("admin-config.json").toString();
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Member member(String name) {
        String host = "127.0.0." + (nextHost++ % 250 + 2);
        Member m = new Member(name, host, Ports.free(host), Ports.free(host), root.resolve(name), root.resolve("logs"));
        members.add(m);
        return m;
    }

    /** {@code init} on a new member (heartbeat 1 s), waiting until the admin config exists. */
    public Member init(String name) {
        Member m = member(name);
        List<String> args = new ArrayList<>(List.of("init", "--config", config, "--heartbeat-period", "1s"));
        args.addAll(m.nodeFlags());
        args.addAll(extraNodeFlags);
        m.launch(args);
        Await.until(name + " initialized (log: " + m.output() + ")", Duration.ofSeconds(60),
                () -> Files.exists(Path.of(config)) && m.output().contains("Cluster initialized"));
        return m;
    }

    /** {@code join} with the current token of {@code role}, waiting until the node is up. */
    public Member join(String name, String role) {
        return joinWith(name, token(role), first());
    }

    public Member joinWith(String name, String token, Member via) {
        return joinAs(name, name, token, via);
    }

    /** Joins a member whose node hostname differs from its name (several nodes may share a hostname). */
    public Member joinAs(String name, String hostname, String token, Member via) {
        Member m = launchJoin(name, hostname, token, via);
        awaitJoined(m);
        return m;
    }

    /**
     * Launches several joins at once (as a team that starts its machines together would), each sent to the next
     * of {@code vias} in turn, then waits for all.
     */
    public List<Member> joinAtOnce(List<String> names, String role, List<Member> vias) {
        String token = token(role);
        List<Member> started = new ArrayList<>();
        for (String name : names) {
            started.add(launchJoin(name, name, token, vias.get(started.size() % vias.size())));
        }
        started.forEach(TestCluster::awaitJoined);
        return started;
    }

    private Member launchJoin(String name, String hostname, String token, Member via) {
        Member m = member(name);
        m.hostname = hostname;
        List<String> args = new ArrayList<>(List.of("join", "--token", token));
        args.addAll(m.nodeFlags());
        args.addAll(extraNodeFlags);
        args.add(via.api());
        m.launch(args);
        return m;
    }

    private static void awaitJoined(Member m) {
        Await.until(m.name + " joined (log: " + m.output() + ")", Duration.ofSeconds(60),
                () -> m.output().contains("This node joined a cluster as a"));
    }

    public String config() {
        return config;
    }

    public List<Member> members() {
        return members;
    }

    public Path root() {
        return root;
    }

    public Member first() {
        return members.get(0);
    }

    public String token(String role) {
        Cli c = cli("join-token", "-q", role).ok();
        return c.out().trim();
    }

    /** Runs the CLI with the admin config; {@code --host} is put first when given members are preferred. */
    public Cli cli(String... args) {
        return Cli.run(config, args);
    }

    public Cli cliVia(Member m, String... args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.add(List.of("node", "service").contains(a.get(0)) ? 2 : 1, "--host=" + m.api());
        return Cli.run(config, a.toArray(String[]::new));
    }

    public List<ApiWire.NodeView> nodes(Member via) {
        Cli c = cliVia(via, "node", "ls", "--format", "json").ok();
        try {
            return Json.mapper().readValue(c.out(), new TypeReference<List<ApiWire.NodeView>>() { });
        } catch (IOException e) {
            throw new AssertionError("node ls --format json printed something else: " + c.out(), e);
        }
    }

    /** The leader's hostname as seen through {@code via}, if there is one. */
    public Optional<String> leader(Member via) {
        return nodes(via).stream().filter(v -> v.managerStatus() != null && v.managerStatus().leader())
                .map(v -> v.node().hostname()).findFirst();
    }

    public Member byName(String name) {
        return members.stream().filter(m -> m.name.equals(name)).findFirst().orElseThrow();
    }

    public Member awaitLeader(Member via, Duration timeout) {
        String name = Await.value("a leader seen through " + via, timeout, () -> {
            try {
                return leader(via).orElse(null);
            } catch (AssertionError e) {
                return null;
            }
        });
        return byName(name);
    }

    public Map<String, String> managerStatus(Member via) {
        Map<String, String> m = new java.util.TreeMap<>();
        for (ApiWire.NodeView v : nodes(via)) {
            if (v.managerStatus() != null) {
                m.put(v.node().hostname(), v.managerStatus().leader() ? "Leader" : v.managerStatus().reachability());
            }
        }
        return m;
    }

    public void awaitReachable(Member via, int managers, Duration timeout) {
        Await.until(managers + " managers Leader/Reachable via " + via, timeout, () -> {
            try {
                Map<String, String> st = managerStatus(via);
                return st.size() == managers && !st.containsValue("Unreachable");
            } catch (AssertionError e) {
                return false;
            }
        });
    }

    public String logs() {
        StringBuilder b = new StringBuilder();
        try (Stream<Path> s = Files.list(root.resolve("logs"))) {
            s.sorted().forEach(p -> b.append("\n==== ").append(p.getFileName()).append('\n').append(tail(p)));
        } catch (IOException e) {
            b.append(e);
        }
        return b.toString();
    }

    private static String tail(Path p) {
        try {
            List<String> l = Files.readAllLines(p);
            return String.join("\n", l.subList(Math.max(0, l.size() - 40), l.size()));
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() {
        members.forEach(m -> {
            if (m.alive()) {
                m.sigcont();
            }
        });
        members.parallelStream().forEach(Member::stop);
    }
}
