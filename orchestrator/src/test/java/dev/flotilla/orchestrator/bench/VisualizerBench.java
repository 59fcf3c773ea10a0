package dev.flotilla.orchestrator.bench;

import dev.flotilla.orchestrator.api.CredentialKind;
import dev.flotilla.orchestrator.api.Node;
import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.api.TaskStatus;
import dev.flotilla.orchestrator.security.Credential;
import dev.flotilla.orchestrator.spec.ServiceOptions;
import dev.flotilla.orchestrator.spec.ServiceSpecParser;
import dev.flotilla.orchestrator.state.ClusterState;
import dev.flotilla.orchestrator.state.Command;
import dev.flotilla.orchestrator.state.Result;
import dev.flotilla.orchestrator.store.MemoryStore;
import dev.flotilla.orchestrator.store.TestClusters;
import dev.flotilla.orchestrator.store.Unavailable;
import dev.flotilla.orchestrator.ui.UiFeed;
import dev.flotilla.orchestrator.ui.Visualizer;
import dev.flotilla.orchestrator.ui.VisualizerServer;
import dev.flotilla.orchestrator.pki.CertRole;
import dev.flotilla.orchestrator.pki.Pem;
import dev.flotilla.orchestrator.tls.ClientTls;
import dev.flotilla.orchestrator.tls.PeerCheck;
import dev.flotilla.orchestrator.tls.TestTls;
import dev.flotilla.testkit.Await;
import dev.flotilla.testkit.ChildJvm;
import dev.flotilla.testkit.HeadlessBrowser;
import dev.flotilla.testkit.Ports;
import com.sun.net.httpserver.HttpServer;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The visualizer's latency, page load and server CPU (run by scripts/bench/ui-latency; not a test).
 * <p>
 * A server JVM of its own ({@code serve}) holds a manager's side of the visualizer over a {@link MemoryStore}: 30
 * ready nodes, 10 services of 50 replicas (500 running tasks), the real {@link UiFeed}, {@link Visualizer} and
 * {@link VisualizerServer} on 127.0.0.1, and a small control endpoint that applies one state change on request:
 * one task rescheduled (its slot's task shut down, a new task running on another node; one {@code PutTasks}, one
 * applied index), as the orchestrator does when a node goes away.
 * <p>
 * The driver (this JVM) asks for a change every 200 ms, notes the wall-clock time just before the server applied
 * it, and a MutationObserver in a real headless Chromium notes ({@code Date.now()}, same clock) when the new task's
 * card is in the DOM with state running: latency = the difference, p50/p99 over every change. Page load = from the
 * navigation's start to the page's first render of the full state ({@code window.flotillaUi.renderedAt}). Server
 * CPU = the server process's CPU time (from /proc, via {@link ProcessHandle}) over 60 s of changes with no page
 * open, then over 60 s of the same changes with 20 pages open: the measuring Chromium tab plus 19 raw SSE
 * connections on {@code /api/events}. (Not 20 tabs: one browser opens at most 6 connections to one host:port,
 * so a 7th tab on the same manager would not even load.)
 */
public final class VisualizerBench {
    static final int NODES = 30;
    static final int SERVICES = 10;
    static final int REPLICAS = 50;
    static final long PERIOD_MS = Long.getLong("bench.periodMs", 200);
    static final int SECONDS = Integer.getInteger("bench.seconds", 60);
    static final int PAGES = Integer.getInteger("bench.pages.count", 20);
    static final int LOADS = Integer.getInteger("bench.loads", 10);

    private VisualizerBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("serve")) {
            Server.serve();
            return;
        }
        int exit = 1;
        try {
            exit = new Driver().run() ? 0 : 2;
        } catch (Throwable t) {
            t.printStackTrace();
        } finally {
            System.out.flush();
            System.exit(exit);
        }
    }

    // --- the server JVM ---------------------------------------------------------------------------------------

    /** The manager side: memory store, feed, visualizer server, and the change endpoint the driver calls. */
    static final class Server {
        private final MemoryStore store;
        private final List<String> nodeIds = new ArrayList<>();
        private final Map<String, String> hostnames = new HashMap<>();
        private final List<Service> services = new ArrayList<>();
        /** The live task of each slot, as "service index/slot" -> task. */
        private final Map<String, Task> live = new HashMap<>();
        private long changes;
        private long nextTask;

        private Server(MemoryStore store) {
            this.store = store;
        }

        static void serve() throws Exception {
            String host = "127.0.0.1";
            String uiAddr = host + ":" + Ports.free(host);
            String[] workers = new String[NODES - 1];
            for (int i = 1; i < NODES; i++) {
                workers[i - 1] = String.format("w%02d", i);
            }
            ClusterState initial = TestClusters.of("m0", workers);
            Server s = new Server(new MemoryStore("m0", initial));
            Credential viewer = Credential.generate();
            long now = System.currentTimeMillis();
            Node m0 = initial.nodes().get("m0");
            s.apply(new Command.UpdateNodeDescription("m0", m0.description().withUiAddress(uiAddr), now));
            s.apply(new Command.SetViewerCredential(viewer.record(CredentialKind.VIEWER, "", now), now));
            s.populate();

            UiFeed feed = new UiFeed("m0", new UiFeed.Source() {
                @Override
                public ClusterState state() {
                    return s.store.local();
                }

                @Override
                public String leaderId() {
                    return "m0";
                }
            }).start();
            s.store.onApplied((state, index) -> feed.changed(index));
            feed.changed(s.store.index());
            VisualizerServer ui = VisualizerServer.start("m0", uiAddr, new Visualizer("/", () -> feed),
                    TestTls.node("m0", CertRole.MANAGER).serverContext());
            Path caFile = Files.createTempFile("flotilla-ui-bench-ca-", ".crt");
            caFile.toFile().deleteOnExit();
            Files.writeString(caFile, Pem.encode(TestTls.CA.certificate()));
            if (ui == null) {
                throw new IllegalStateException("the visualizer did not start on " + uiAddr);
            }

            HttpServer control = HttpServer.create(new InetSocketAddress(host, 0), 8);
            control.setExecutor(Executors.newSingleThreadExecutor());
            control.createContext("/change", ex -> {
                String reply;
                synchronized (s) {
                    reply = s.change();
                }
                respond(ex, reply);
            });
            control.createContext("/stats", ex -> respond(ex, "clients=" + feed.clients() + " sent=" + feed.sent()
                    + " index=" + s.store.index()));
            control.start();
            System.out.println("READY ui=https://" + uiAddr + "/ control=http://" + host + ":"
                    + control.getAddress().getPort() + "/ token=" + viewer + " index=" + s.store.index()
                    + " ca=" + caFile);
            System.out.flush();
            new java.util.concurrent.CountDownLatch(1).await();
        }

        private static void respond(com.sun.net.httpserver.HttpExchange ex, String body) throws IOException {
            byte[] b = body.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(b);
            }
        }

        private void apply(Command c) {
            Result r;
            try {
                r = store.propose(c);
            } catch (Unavailable e) {
                throw new IllegalStateException(e);
            }
            if (!r.ok()) {
                throw new IllegalStateException("bench command refused: " + r);
            }
        }

        /** 10 services of 50 replicas, spread over the 30 nodes, all running. */
        private void populate() {
            ClusterState s = store.local();
            s.nodes().values().stream().map(Node::id).sorted().forEach(id -> {
                nodeIds.add(id);
                hostnames.put(id, s.nodes().get(id).hostname());
            });
            long now = System.currentTimeMillis();
            for (int i = 0; i < SERVICES; i++) {
                Service svc = new Service(String.format("svc%02d", i), ServiceSpecParser.parse(ServiceOptions.builder(
                        String.format("app-%02d", i), "registry.example/team/app-" + i + ":1." + i)
                        .replicas(Integer.toString(REPLICAS)).build()), 1, now, now);
                apply(new Command.CreateService(svc));
                services.add(svc);
                List<Task> tasks = new ArrayList<>();
                for (int slot = 1; slot <= REPLICAS; slot++) {
                    Task t = running(svc, slot, nodeIds.get((i * REPLICAS + slot) % nodeIds.size()), now);
                    tasks.add(t);
                    live.put(i + "/" + slot, t);
                }
                apply(new Command.PutTasks(tasks));
            }
        }

        private Task running(Service svc, int slot, String nodeId, long at) {
            String id = String.format("task%06d", nextTask++);
            String container = String.format("%012x%052x", nextTask, nextTask);
            return Task.create(id, svc, slot, "", at).assigned(nodeId, container.substring(0, 12), at)
                    .withStatus(new TaskStatus(TaskState.RUNNING, at, "started", "", null, container));
        }

        /** Reschedules the next slot's task to the next node; replies "taskId atMillis index". */
        private String change() {
            long k = changes++;
            int svc = (int) (k % SERVICES);
            int slot = (int) (k / SERVICES % REPLICAS) + 1;
            Task old = live.get(svc + "/" + slot);
            int from = nodeIds.indexOf(old.nodeId());
            String to = nodeIds.get((from + 1 + (int) (k % (nodeIds.size() - 1))) % nodeIds.size());
            long at = System.currentTimeMillis();
            Task next = running(services.get(svc), slot, to, at);
            Task stopped = old.withDesiredState(TaskState.SHUTDOWN, at).withStatus(TaskStatus.of(TaskState.SHUTDOWN, at,
                    "rescheduled"));
            live.put(svc + "/" + slot, next);
            apply(new Command.PutTasks(List.of(stopped, next)));
            return next.id() + " " + at + " " + store.index();
        }
    }

    // --- the driver -------------------------------------------------------------------------------------------

    static final class Driver {
        /** Trusts the bench server's CA (its file is named in the READY line). */
        private HttpClient http;
        private ChildJvm server;
        private String ui;
        private String control;
        private String token;
        private HeadlessBrowser browser;
        private WebDriver page;

        boolean run() throws Exception {
            Path dir = Path.of(System.getProperty("flotilla.it.dir", "target/bench")).toAbsolutePath().resolve("ui-" + System.currentTimeMillis());
            List<String> jvm = List.of(System.getProperty("bench.serverJvm",
                    "-Xms64m -Xmx256m -XX:+UseSerialGC -Dflotilla.log.level=WARN").trim().split("\\s+"));
            server = ChildJvm.start("ui-bench-server", System.getProperty("java.class.path"), jvm,
                    VisualizerBench.class.getName(), List.of("serve"), Map.of(), dir.resolve("server.log"));
            try {
                String ready = Await.value("the bench server ready (log " + server.logFile() + ")", Duration.ofSeconds(60),
                        () -> server.output().lines().filter(l -> l.startsWith("READY ")).findFirst().orElse(null));
                Map<String, String> kv = fields(ready.substring(6));
                ui = kv.get("ui");
                http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(ClientTls.trusting(
                        Pem.certificates(Files.readString(Path.of(kv.get("ca")))), PeerCheck.manager()).context()).build();
                control = kv.get("control");
                token = kv.get("token");
                System.out.println("server pid " + server.pid() + ": " + NODES + " nodes, " + SERVICES * REPLICAS
                        + " tasks, page " + ui + "; JVM " + String.join(" ", jvm));
                browser = HeadlessBrowser.start(dir.resolve("screenshots"), true);
                page = browser.driver();
                return measure();
            } finally {
                if (browser != null) {
                    browser.close();
                }
                server.stop(10);
            }
        }

        private boolean measure() throws Exception {
            int snapshotBytes = get(ui + "api/snapshot").length;

            // open the page once with the token (it keeps it in sessionStorage for the reloads below)
            page.get(ui);
            WebElement input = browser.await(Duration.ofSeconds(30)).until(d -> d.findElement(By.id("token")));
            input.sendKeys(token);
            page.findElement(By.id("token-submit")).click();
            awaitFullRender(index());
            browser.screenshot("bench-page");

            System.out.println("warm-up: 15 s of changes with " + PAGES + " pages open");
            List<SseClient> warm = openPages(PAGES - 1);
            changes(15_000 / PERIOD_MS, null);
            closePages(warm);

            System.out.println("baseline: " + SECONDS + " s of changes, no page open");
            page.get("about:blank");
            settle(0);
            Duration cpu0 = cpu();
            long t0 = System.nanoTime();
            changes(SECONDS * 1000L / PERIOD_MS, null);
            double idlePct = pct(cpu().minus(cpu0), System.nanoTime() - t0);

            System.out.println("page load: " + LOADS + " reloads of the full page");
            List<Double> loads = new ArrayList<>();
            long idx = index();
            page.get(ui);
            awaitFullRender(idx);
            for (int i = 0; i < LOADS; i++) {
                page.navigate().refresh();
                loads.add(awaitFullRender(idx));
            }

            System.out.println("load: " + SECONDS + " s of changes with " + PAGES + " pages open (1 Chromium tab + "
                    + (PAGES - 1) + " raw SSE connections)");
            List<SseClient> sse = openPages(PAGES - 1);
            settle(PAGES);
            watchCards();
            long sent0 = stat("sent");
            Duration cpu1 = cpu();
            long t1 = System.nanoTime();
            List<String[]> made = new ArrayList<>();
            changes(SECONDS * 1000L / PERIOD_MS, made);
            double loadedPct = pct(cpu().minus(cpu1), System.nanoTime() - t1);
            long sent = stat("sent") - sent0;
            List<Long> latencies = latencies(made);
            browser.screenshot("bench-after-changes");
            long[] events = sse.stream().mapToLong(c -> c.events.get()).toArray();
            closePages(sse);

            Collections.sort(latencies);
            Collections.sort(loads);
            double extra = loadedPct - idlePct;
            long p50 = pick(latencies, 0.50);
            long p99 = pick(latencies, 0.99);
            String pages = "1 tab + " + (PAGES - 1) + " SSE";
            System.out.println();
            System.out.printf(Locale.ROOT, "Visualizer: %d nodes, %d tasks, one task rescheduled every %d ms, snapshot %,d bytes%n",
                    NODES, SERVICES * REPLICAS, PERIOD_MS, snapshotBytes);
            row("metric", "value", "goal");
            row("change -> card in DOM, p50 (n=" + latencies.size() + "/" + made.size() + ")", p50 + " ms", "");
            row("change -> card in DOM, p99", p99 + " ms", "<= 1000 ms");
            row("change -> card in DOM, max", latencies.isEmpty() ? "-" : latencies.get(latencies.size() - 1) + " ms", "");
            row("page load -> first full render, median (n=" + loads.size() + ")", fmt(pickD(loads, 0.5)) + " ms", "");
            row("page load -> first full render, max", fmt(loads.get(loads.size() - 1)) + " ms", "");
            row("server CPU, no page open", fmt(idlePct) + " % of a core", "");
            row("server CPU, " + PAGES + " pages (" + pages + ")", fmt(loadedPct) + " % of a core", "");
            row("extra server CPU for " + PAGES + " pages", fmt(extra) + " % of a core", "<= 5 %");
            row("snapshots written to pages", sent + " (" + PAGES + " pages x " + made.size() + " changes = "
                    + (long) PAGES * made.size() + ")", "");
            row("events read per SSE connection", "min " + min(events) + ", max " + max(events), "");
            System.out.printf(Locale.ROOT, "RESULT latency_p50_ms=%d latency_p99_ms=%d missed=%d load_median_ms=%.0f"
                            + " load_max_ms=%.0f cpu_idle_pct=%.2f cpu_pages_pct=%.2f cpu_extra_pct=%.2f%n",
                    p50, p99, made.size() - latencies.size(), pickD(loads, 0.5), loads.get(loads.size() - 1), idlePct,
                    loadedPct, extra);
            boolean ok = latencies.size() == made.size() && p99 <= 1000 && extra <= 5.0;
            System.out.println(ok ? "goals met" : "GOALS NOT MET");
            return ok;
        }

        /** Waits until the page shows all 500 cards at least at index {@code idx}; returns its render time. */
        private double awaitFullRender(long idx) {
            browser.await(Duration.ofSeconds(60)).withMessage("the full state rendered").until(d -> {
                Object ok = browser.script("return !!window.flotillaUi && window.flotillaUi.index >= arguments[0]"
                        + " && document.querySelectorAll('#nodes .task').length === arguments[1]", idx, SERVICES * REPLICAS);
                return Boolean.TRUE.equals(ok);
            });
            return ((Number) browser.script("return window.flotillaUi.renderedAt")).doubleValue();
        }

        private long index() {
            return stat("index");
        }

        /** Records, for every running card that appears, when it first appeared (wall clock, ms). */
        private void watchCards() {
            browser.script("""
                    window.__seen = {};
                    const record = () => {
                      const now = Date.now();
                      for (const e of document.querySelectorAll('#nodes .task[data-state="running"]')) {
                        const id = e.dataset.taskId;
                        if (!(id in window.__seen)) window.__seen[id] = now;
                      }
                    };
                    if (window.__observer) window.__observer.disconnect();
                    window.__observer = new MutationObserver(record);
                    window.__observer.observe(document.documentElement,
                      {subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-task-id']});
                    record();
                    """);
        }

        /**
         * Makes changes until the server counts {@code pages} open pages (at most 60 s): a page that went away is
         * only noticed when a write to it fails, so the feed must have something to write.
         */
        private void settle(int pages) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            for (long open = stat("clients"); open != pages; open = stat("clients")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("after 60 s of changes the server still counts " + open
                            + " open pages, not " + pages);
                }
                changes(1, null);
            }
        }

        /** Asks for {@code n} changes, one per period; each made change is added as {taskId, atMillis}. */
        private void changes(long n, List<String[]> made) throws Exception {
            long next = System.nanoTime();
            for (long i = 0; i < n; i++) {
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait); // the bench's pacing, not a wait for a condition
                }
                next += TimeUnit.MILLISECONDS.toNanos(PERIOD_MS);
                String[] r = new String(get(control + "change"), StandardCharsets.UTF_8).split(" ");
                if (made != null) {
                    made.add(r);
                }
            }
        }

        @SuppressWarnings("unchecked")
        private List<Long> latencies(List<String[]> made) {
            List<String> ids = made.stream().map(m -> m[0]).toList();
            String last = ids.get(ids.size() - 1);
            try {
                browser.await(Duration.ofSeconds(10)).until(d -> browser.script("return window.__seen[arguments[0]] != null", last));
            } catch (RuntimeException e) {
                System.out.println("the last change's card did not show within 10 s: " + e.getMessage());
            }
            Map<String, Object> seen = (Map<String, Object>) browser.script(
                    "return Object.fromEntries(arguments[0].map(id => [id, window.__seen[id] ?? null]))", ids);
            List<Long> out = new ArrayList<>();
            for (String[] m : made) {
                Object t = seen.get(m[0]);
                if (t != null) {
                    out.add(((Number) t).longValue() - Long.parseLong(m[1]));
                }
            }
            return out;
        }

        // --- the other pages ------------------------------------------------------------------------------------

        /** One open page that is not the measuring tab: a raw SSE connection on {@code /api/events}. */
        static final class SseClient {
            final AtomicLong events = new AtomicLong();
            InputStream body;
            Thread reader;
        }

        private List<SseClient> openPages(int n) throws Exception {
            List<SseClient> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                HttpRequest req = HttpRequest.newBuilder(URI.create(ui + "api/events"))
                        .header("Authorization", "Bearer " + token).build();
                HttpResponse<InputStream> r = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
                if (r.statusCode() != 200) {
                    throw new IllegalStateException("api/events answered " + r.statusCode());
                }
                SseClient c = new SseClient();
                c.body = r.body();
                c.reader = new Thread(() -> read(c), "sse-reader");
                c.reader.setDaemon(true);
                c.reader.start();
                out.add(c);
            }
            return out;
        }

        private void read(SseClient c) {
            byte[] buf = new byte[64 * 1024];
            byte[] marker = "event: snapshot".getBytes(StandardCharsets.US_ASCII);
            int matched = 0;
            try {
                for (int n = c.body.read(buf); n >= 0; n = c.body.read(buf)) {
                    for (int i = 0; i < n; i++) {
                        matched = buf[i] == marker[matched] ? matched + 1 : (buf[i] == marker[0] ? 1 : 0);
                        if (matched == marker.length) {
                            c.events.incrementAndGet();
                            matched = 0;
                        }
                    }
                }
            } catch (IOException e) {
                // closed
            }
        }

        private void closePages(List<SseClient> pages) throws IOException {
            for (SseClient c : pages) {
                c.body.close();
            }
        }

        // --- plumbing -------------------------------------------------------------------------------------------

        private Duration cpu() {
            return server.process().info().totalCpuDuration()
                    .orElseThrow(() -> new IllegalStateException("no CPU time for pid " + server.pid()));
        }

        private static double pct(Duration cpu, long wallNanos) {
            return 100.0 * cpu.toNanos() / wallNanos;
        }

        private long stat(String key) {
            try {
                return Long.parseLong(fields(new String(get(control + "stats"), StandardCharsets.UTF_8)).get(key));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        private byte[] get(String url) throws IOException, InterruptedException {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
            if (url.startsWith(ui)) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpResponse<byte[]> r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + r.statusCode() + ": " + new String(r.body(), StandardCharsets.UTF_8));
            }
            return r.body();
        }

        private static Map<String, String> fields(String line) {
            Map<String, String> m = new HashMap<>();
            for (String f : line.trim().split("\\s+")) {
                int eq = f.indexOf('=');
                if (eq > 0) {
                    m.put(f.substring(0, eq), f.substring(eq + 1));
                }
            }
            return m;
        }

        private static long pick(List<Long> sorted, double q) {
            return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
        }

        private static double pickD(List<Double> sorted, double q) {
            return sorted.isEmpty() ? -1 : sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1));
        }

        private static long min(long[] a) {
            return a.length == 0 ? 0 : java.util.Arrays.stream(a).min().getAsLong();
        }

        private static long max(long[] a) {
            return a.length == 0 ? 0 : java.util.Arrays.stream(a).max().getAsLong();
        }

        private static String fmt(double v) {
            return String.format(Locale.ROOT, "%.1f", v);
        }

        private static void row(String a, String b, String c) {
            System.out.printf(Locale.ROOT, "%-52s %-40s %s%n", a, b, c);
        }
    }
}
