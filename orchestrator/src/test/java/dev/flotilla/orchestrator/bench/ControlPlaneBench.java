package dev.flotilla.orchestrator.bench;

import dev.flotilla.orchestrator.client.ApiClient;
import dev.flotilla.orchestrator.client.ClientConfig;
import dev.flotilla.orchestrator.it.Member;
import dev.flotilla.orchestrator.it.TestCluster;
import dev.flotilla.orchestrator.pki.Pem;
import dev.flotilla.orchestrator.tls.ClientTls;
import dev.flotilla.orchestrator.tls.PeerCheck;
import dev.flotilla.orchestrator.wire.ApiProblem;
import dev.flotilla.orchestrator.wire.ApiWire;
import dev.flotilla.testkit.Await;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whole-system control-plane benchmarks on real daemon processes (run by scripts/bench/control-*):
 * {@code failover N}, {@code quorum N}, {@code writes SECONDS CONCURRENCY}, {@code stability SECONDS}.
 * Every run is bounded and stops its processes. Results are printed as "RESULT key=value" lines.
 */
public final class ControlPlaneBench {
    private final TestCluster c;
    private ApiClient client;

    private ControlPlaneBench(String name) {
        c = new TestCluster(name);
        String election = System.getProperty("bench.election");
        if (election != null) {
            c.extraNodeFlags.addAll(List.of("--election-timeout", election));
        }
    }

    public static void main(String[] args) throws Exception {
        String mode = args.length > 0 ? args[0] : "failover";
        ControlPlaneBench b = new ControlPlaneBench("bench-" + mode);
        try {
            b.start(Integer.getInteger("bench.managers", 3));
            switch (mode) {
                case "failover" -> b.failover(arg(args, 1, 20));
                case "quorum" -> b.quorum(arg(args, 1, 5));
                case "writes" -> b.writes(arg(args, 1, 20), arg(args, 2, 64));
                case "stability" -> b.stability(arg(args, 1, 60));
                default -> throw new IllegalArgumentException("modes: failover N | quorum N | writes SECONDS CONCURRENCY | stability SECONDS");
            }
        } finally {
            b.c.close();
        }
        System.exit(0);
    }

    private static int arg(String[] a, int i, int dflt) {
        return a.length > i ? Integer.parseInt(a[i]) : dflt;
    }

    private void start(int managers) throws IOException {
        c.init("m1");
        for (int i = 2; i <= managers; i++) {
            c.join("m" + i, "manager");
        }
        c.join("w1", "worker");
        c.awaitReachable(c.first(), managers, Duration.ofSeconds(60));
        ClientConfig cfg = ClientConfig.load(Path.of(c.config()));
        client = new ApiClient(cfg.managers().isEmpty() ? List.of(c.first().api()) : managerApis(),
                ClientTls.trusting(Pem.certificates(cfg.caCertificate()), PeerCheck.manager()), cfg.credential(),
                Duration.ofSeconds(4));
        System.out.println("cluster up: " + c.members());
    }

    private List<String> managerApis() {
        return c.members().stream().filter(m -> m.name.startsWith("m")).map(Member::api).toList();
    }

    private void write(String key, String value) {
        client.post("/v1/nodes/w1/update", new ApiWire.NodeUpdate(null, List.of(key + "=" + value), List.of()), ApiWire.NodeView.class);
    }

    /** Leader SIGKILL → first successful write by a client that keeps trying (the CLI's client, in process). */
    private void failover(int trials) {
        List<Double> ms = new ArrayList<>();
        for (int t = 1; t <= trials; t++) {
            settle();
            Member leader = c.awaitLeader(c.first(), Duration.ofSeconds(20));
            write("warm", Integer.toString(t));
            long t0 = System.nanoTime();
            leader.sigkill();
            while (true) {
                try {
                    write("failover", Integer.toString(t));
                    break;
                } catch (ApiProblem p) {
                    if (System.nanoTime() - t0 > 30_000_000_000L) {
                        throw p;
                    }
                }
            }
            double elapsed = (System.nanoTime() - t0) / 1e6;
            ms.add(elapsed);
            System.out.printf(Locale.ROOT, "trial %d: killed %s at %s, first write after %.0f ms%n", t, leader.name,
                    java.time.LocalTime.now().minusNanos((long) (elapsed * 1e6)), elapsed);
            leader.restart();
        }
        report("failover_first_write_ms", ms);
    }

    /** Waits until all managers are Reachable, then 3 s more (restarted JVMs warm up, followers catch up). */
    private void settle() {
        c.awaitReachable(c.first(), 3, Duration.ofSeconds(60));
        try {
            Thread.sleep(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        c.awaitReachable(c.first(), 3, Duration.ofSeconds(60));
    }

    /** Majority SIGKILLed → time until a write returns the no-leader message. */
    private void quorum(int trials) {
        List<Double> ms = new ArrayList<>();
        List<Double> cliMs = new ArrayList<>();
        for (int t = 1; t <= trials; t++) {
            settle();
            Member leader = c.awaitLeader(c.first(), Duration.ofSeconds(20));
            List<Member> others = c.members().stream().filter(m -> m.name.startsWith("m") && m != leader).toList();
            Member victim = others.get(0);
            leader.sigkill();
            victim.sigkill();
            long t0 = System.nanoTime();
            String message = "";
            try {
                write("lost", Integer.toString(t));
            } catch (ApiProblem p) {
                message = p.getMessage();
            }
            double elapsed = (System.nanoTime() - t0) / 1e6;
            ms.add(elapsed);
            System.out.printf(Locale.ROOT, "trial %d: %.0f ms: %s%n", t, elapsed, message);
            double cli = cliMillis();
            if (cli >= 0) {
                cliMs.add(cli);
            }
            leader.restart();
            victim.restart();
        }
        report("no_leader_message_ms", ms);
        if (!cliMs.isEmpty()) {
            report("no_leader_message_cli_process_ms", cliMs);
        }
    }

    /** Wall time of `bin/flotilla node ls` (a fresh JVM, as a user runs it) until it prints the message. */
    private double cliMillis() {
        String root = System.getProperty("bench.root");
        if (root == null) {
            return -1;
        }
        try {
            ProcessBuilder pb = new ProcessBuilder(root + "/bin/flotilla", "node", "ls", "--config", c.config())
                    .redirectErrorStream(true);
            pb.environment().put("FLOTILLA_JAR", System.getProperty("flotilla.jar"));
            long t0 = System.nanoTime();
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            double ms = (System.nanoTime() - t0) / 1e6;
            System.out.printf(Locale.ROOT, "  CLI process: %.0f ms, exit %d: %s%n", ms, p.exitValue(), out.trim());
            return ms;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** Sequential latency (one client), then sustained throughput with CONCURRENCY writers for SECONDS. */
    private void writes(int seconds, int concurrency) throws Exception {
        int warmup = Integer.getInteger("bench.warmup", 6000);
        long w0 = System.nanoTime();
        for (int i = 0; i < warmup; i++) {
            write("warm", Integer.toString(i));
        }
        System.out.printf(Locale.ROOT, "warm-up: %d writes in %.1f s%n", warmup, (System.nanoTime() - w0) / 1e9);
        // the HTTP round trip alone (no Raft): what a write costs on top of it is the replication
        List<Double> health = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            long t0 = System.nanoTime();
            client.get("/v1/health", ApiWire.Health.class);
            health.add((System.nanoTime() - t0) / 1e6);
        }
        report("sequential_health_ms", health);
        List<Double> reads = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            long t0 = System.nanoTime();
            client.get("/v1/info", ApiWire.Info.class);
            reads.add((System.nanoTime() - t0) / 1e6);
        }
        report("sequential_info_ms", reads);
        List<Double> lat = new ArrayList<>();
        double seqCpu0 = managersCpuMillis();
        java.util.Map<String, Double> threads0 = managerThreadsCpuMillis();
        long seqStart = System.nanoTime();
        for (int i = 0; i < 2000; i++) {
            long t0 = System.nanoTime();
            write("seq", Integer.toString(i));
            lat.add((System.nanoTime() - t0) / 1e6);
        }
        double seqCpu = managersCpuMillis() - seqCpu0;
        java.util.Map<String, Double> threads = managerThreadsCpuMillis();
        threads0.forEach((k, v) -> threads.merge(k, -v, Double::sum));
        report("sequential_write_ms", lat);
        System.out.println("CPU-ms of the managers' threads during the sequential writes, by thread name: "
                + threads.entrySet().stream().filter(e -> e.getValue() >= 20)
                .sorted(java.util.Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> String.format(Locale.ROOT, "%s %.0f", e.getKey(), e.getValue()))
                .collect(java.util.stream.Collectors.joining(", ")));
        System.out.printf(Locale.ROOT, "RESULT sequential_manager_cpu_ms_per_write=%.3f (%s; %.0f %% of one core while"
                + " writing)%n", seqCpu / lat.size(), perMemberText(), 100 * seqCpu / ((System.nanoTime() - seqStart) / 1e6));
        perMember.clear();
        Phase p = loadPhase(seconds, concurrency, (id, n) -> write("w" + id, Integer.toString(n)));
        List<Double> all = p.millis();
        double cpu = p.cpuMillis();
        double secs = p.seconds();
        report("concurrent_write_ms", all);
        System.out.printf(Locale.ROOT, "RESULT writes_per_second=%.0f (concurrency %d, %d writes in %.1f s)%n",
                all.size() / secs, concurrency, all.size(), secs);
        batched(seconds, 8, 50);
        System.out.printf(Locale.ROOT, "RESULT manager_cpu_ms_per_write=%.3f (3 managers, %.0f CPU-ms in total;"
                + " the machine's 2 cores give at most %.0f writes/s at this cost)%n", cpu / all.size(), cpu,
                2000.0 / (cpu / all.size()));
        System.out.println("CPU-ms per manager during the concurrent phase: " + perMember);
    }

    /** CONCURRENCY clients each sending PER_CALL label updates per call (`flotilla node update ... N1 N2 ...`). */
    private void batched(int seconds, int concurrency, int perCall) throws Exception {
        Phase p = loadPhase(seconds, concurrency, (id, n) -> {
            List<ApiWire.NodeUpdateItem> items = new ArrayList<>();
            for (int i = 0; i < perCall; i++) {
                items.add(new ApiWire.NodeUpdateItem("w1", null, List.of("b" + id + "x" + i + "=" + n), List.of()));
            }
            client.post("/v1/node-updates", new ApiWire.NodeUpdates(items), Object.class);
        });
        List<Double> calls = p.millis();
        double cpu = p.cpuMillis();
        double secs = p.seconds();
        long commands = (long) calls.size() * perCall;
        report("batched_call_ms", calls);
        System.out.printf(Locale.ROOT, "RESULT batched_commands_per_second=%.0f (%d clients x %d updates per call,"
                + " %d commands in %.1f s, manager CPU %.3f ms per command)%n", commands / secs, concurrency, perCall,
                commands, secs, cpu / commands);
    }

    /** One load phase: every call's milliseconds, the phase's length and the managers' CPU time during it. */
    private record Phase(List<Double> millis, double seconds, double cpuMillis) {
    }

    /** CONCURRENCY clients each repeating {@code call(clientId, n)} for SECONDS, every call timed. */
    private Phase loadPhase(int seconds, int concurrency, java.util.function.BiConsumer<Integer, Integer> call)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        AtomicBoolean stop = new AtomicBoolean();
        List<Future<List<Double>>> futures = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            int id = w;
            futures.add(pool.submit(() -> {
                List<Double> l = new ArrayList<>();
                for (int n = 0; !stop.get(); n++) {
                    long t0 = System.nanoTime();
                    call.accept(id, n);
                    l.add((System.nanoTime() - t0) / 1e6);
                }
                return l;
            }));
        }
        long t0 = System.nanoTime();
        double cpu0 = managersCpuMillis();
        Thread.sleep(seconds * 1000L);
        stop.set(true);
        double cpu = managersCpuMillis() - cpu0;
        List<Double> all = new ArrayList<>();
        for (Future<List<Double>> f : futures) {
            all.addAll(f.get());
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        pool.shutdownNow();
        return new Phase(all, secs, cpu);
    }

    private String perMemberText() {
        StringBuilder b = new StringBuilder();
        perMember.forEach((k, v) -> b.append(b.length() == 0 ? "" : ", ").append(k).append(' ')
                .append(String.format(Locale.ROOT, "%.0f", v)).append(" CPU-ms"));
        return b.toString();
    }

    /**
     * CPU milliseconds so far of every thread of the manager processes, summed by thread name with its digits
     * dropped (the kernel keeps the first 15 characters of a Java thread's name), from /proc (Linux).
     */
    private java.util.Map<String, Double> managerThreadsCpuMillis() {
        java.util.Map<String, Double> byName = new java.util.TreeMap<>();
        for (Member m : c.members()) {
            if (!m.name.startsWith("m") || !m.alive()) {
                continue;
            }
            try (var tasks = java.nio.file.Files.list(Path.of("/proc/" + m.process().pid() + "/task"))) {
                for (Path t : tasks.toList()) {
                    try {
                        String name = java.nio.file.Files.readString(t.resolve("comm")).strip().replaceAll("[0-9]+", "#");
                        String stat = java.nio.file.Files.readString(t.resolve("stat"));
                        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        byName.merge(name, (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10.0, Double::sum);
                    } catch (IOException | RuntimeException gone) {
                        // the thread ended between the listing and the read
                    }
                }
            } catch (IOException e) {
                return byName;
            }
        }
        return byName;
    }

    /** User + system CPU time of the manager processes so far, from /proc (Linux). */
    private final java.util.Map<String, Double> perMember = new java.util.TreeMap<>();

    private double managersCpuMillis() {
        double total = 0;
        long hz = 100;
        for (Member m : c.members()) {
            if (!m.name.startsWith("m") || !m.alive()) {
                continue;
            }
            try {
                String stat = java.nio.file.Files.readString(Path.of("/proc/" + m.process().pid() + "/stat"));
                String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                double ms = (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 1000.0 / hz;
                perMember.merge(m.name, ms, (a, b) -> b - a);
                total += ms;
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
        }
        return total;
    }

    /** Watches the leader and term while something else loads the CPU; counts leader changes. */
    private void stability(int seconds) throws InterruptedException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        String leader = c.leader(c.first()).orElse("");
        long term = term();
        long firstTerm = term;
        int changes = 0;
        int writes = 0;
        int failedWrites = 0;
        while (System.nanoTime() < end) {
            Thread.sleep(1000);
            try {
                write("tick", Integer.toString(writes++));
            } catch (ApiProblem p) {
                failedWrites++;
                System.out.println("write failed: " + p.getMessage());
            }
            long nowTerm = term();
            String nowLeader = c.leader(c.first()).orElse("");
            if (nowTerm != term || !nowLeader.equals(leader)) {
                changes++;
                System.out.println("leader change: " + leader + " (term " + term + ") -> " + nowLeader + " (term " + nowTerm + ")");
                term = nowTerm;
                leader = nowLeader;
            }
        }
        System.out.printf(Locale.ROOT, "RESULT leader_changes=%d terms=%d..%d writes=%d failed_writes=%d seconds=%d%n",
                changes, firstTerm, term, writes, failedWrites, seconds);
    }

    private long term() {
        try {
            ApiWire.Info i = client.get("/v1/info", ApiWire.Info.class);
            return ((Number) i.raft().get("term")).longValue();
        } catch (ApiProblem p) {
            return -1;
        }
    }

    private static void report(String name, List<Double> values) {
        List<Double> v = new ArrayList<>(values);
        Collections.sort(v);
        System.out.printf(Locale.ROOT, "RESULT %s n=%d median=%.1f p99=%.1f max=%.1f min=%.1f%n", name, v.size(),
                pct(v, 50), pct(v, 99), v.get(v.size() - 1), v.get(0));
        System.out.printf(Locale.ROOT, "RESULT %s p10=%.1f p25=%.1f p75=%.1f p90=%.1f%n", name,
                pct(v, 10), pct(v, 25), pct(v, 75), pct(v, 90));
    }

    private static double pct(List<Double> sorted, int p) {
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    static void await(String what, java.util.function.Supplier<Boolean> cond) {
        Await.until(what, Duration.ofSeconds(60), cond);
    }
}
