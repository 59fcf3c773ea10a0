package dev.flotilla.orchestrator.ui;

import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.services.ServiceCluster;
import dev.flotilla.orchestrator.services.ServiceNode;
import dev.flotilla.testkit.Await;
import dev.flotilla.testkit.DockerEngine;
import dev.flotilla.testkit.HeadlessBrowser;
import dev.flotilla.testkit.Ports;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import dev.flotilla.orchestrator.client.ClientConfig;
import dev.flotilla.orchestrator.pki.Pem;
import dev.flotilla.orchestrator.tls.ClientTls;
import dev.flotilla.orchestrator.tls.PeerCheck;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The visualizer end to end, in a real headless Chromium against a real cluster: three manager daemons (each also
 * runs tasks, through this machine's Docker engine), each serving the page on its own {@code --ui-addr}. The page of
 * manager m1 is opened with the viewer token from {@code flotilla ui-token}; a service is created, scaled, a node
 * drained, and m1's daemon killed: the page follows every change, moves to another manager when its own dies, and
 * never shows an environment value. A wrong token is refused. Every step leaves a screenshot in
 * target/screenshots/visualizer/. With {@code -Dflotilla.ui.screenshotDoc=true} the "scaled to 4" screenshot is
 * also copied to docs/images/visualizer.png.
 * <p>
 * Waits poll what the page (or the API) shows, with deadlines; nothing sleeps a fixed time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VisualizerIT {
    static final String IMAGE = DockerEngine.BUSYBOX_IMAGE;
    static final Path SHOTS = Path.of("target", "screenshots", "visualizer");
    /** Page updates are pushed (at most one per 50 ms): a few seconds is generous, container starts included. */
    static final Duration PAGE = Duration.ofSeconds(60);
    static final String SERVICE = "web";

    private final String secret = "do-not-leak-" + UUID.randomUUID();
    private final Map<String, String> uiUrl = new LinkedHashMap<>();
    /** Trusts the cluster CA (from the admin config), as a browser the administrator told to trust it would. */
    private HttpClient http;
    private ServiceCluster c;
    private HeadlessBrowser browser;
    private WebDriver page;
    private String token;
    private String serviceId = "";

    @BeforeAll
    void start() throws IOException {
        DockerEngine.requireImage(IMAGE);
        HeadlessBrowser.require();
        if (Files.isDirectory(SHOTS)) {
            try (var old = Files.list(SHOTS)) {
                for (Path p : old.toList()) {
                    Files.delete(p);
                }
            }
        }
        c = new ServiceCluster("visualizer", "2s");
        Function<ServiceNode, List<String>> ui = n -> {
            String addr = n.host + ":" + Ports.free(n.host);
            uiUrl.put(n.name, "https://" + addr + "/");
            return List.of("--ui-addr", addr);
        };
        try {
            c.init("m1", "2", ui);
            c.join("m2", "2", "manager", ui);
            c.join("m3", "2", "manager", ui);
            Await.until("3 ready managers", Duration.ofSeconds(90), () -> c.nodeViews().stream()
                    .filter(v -> v.node().status().display().equals("Ready") && v.managerStatus() != null).count() == 3);
        } catch (RuntimeException | AssertionError e) {
            System.err.println("---- cluster logs" + c.logs());
            throw e;
        }
        String ca = ClientConfig.load(Path.of(c.config)).caCertificate();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .sslContext(ClientTls.trusting(Pem.certificates(ca), PeerCheck.manager()).context()).build();
        token = lastLine(c.cli("ui-token").ok().out());
        assertThat(token).as("flotilla ui-token prints the token").isNotBlank();
        // Chromium does not know the cluster CA; the HTTPS checks above and below use a client that trusts only it
        browser = HeadlessBrowser.start(SHOTS, true);
        page = browser.driver();
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (c != null) {
            c.close();
        }
    }

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES)
    void thePageFollowsTheClusterThroughScalingADrainAndTheDeathOfItsManager() throws Exception {
        try {
            refusesAWrongToken();
            connectsWithTheViewerToken();
            showsANewServiceRunning();
            followsAScaleUp();
            followsADrain();
            movesToAnotherManagerWhenItsOwnDies();
            String live = uiUrl.get(page.findElement(By.id("connection")).getAttribute("data-manager"));
            noEnvironmentValueAnywhere(live);
            aRotatedTokenIsRefused(live);
        } catch (Throwable t) {
            failureDetails();
            throw t;
        }
    }

    // --- the steps --------------------------------------------------------------------------------------------

    private void refusesAWrongToken() throws Exception {
        String m1 = uiUrl.get("m1");
        assertThat(get(m1 + "api/snapshot", null).statusCode()).as("no token").isEqualTo(401);
        HttpResponse<String> wrong = get(m1 + "api/snapshot", "wrong-" + UUID.randomUUID());
        assertThat(wrong.statusCode()).as("wrong token").isEqualTo(401);
        assertThat(Json.mapper().readTree(wrong.body()).path("error").asText()).as(wrong.body()).isNotBlank();
        assertThat(get(m1 + "api/events", "wrong-" + UUID.randomUUID()).statusCode()).as("events, wrong token").isEqualTo(401);
        // HTTPS only: a plain-HTTP request to the page's port gets no page
        HttpClient plain = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        assertThatThrownBy(() -> plain.send(HttpRequest.newBuilder(URI.create(m1.replace("https://", "http://")))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
                .as("plain HTTP to " + m1).isInstanceOf(IOException.class);
        // the contract's line is "Visualizer: https://HOST:PORT/"; the CLI lists every manager's under "Visualizer:"
        assertThat(c.cli("info").ok().out()).as("flotilla info").contains("Visualizer:", m1);

        // another manager's page may call this one (the page moves between managers): CORS preflight answered
        HttpResponse<String> preflight = http.send(HttpRequest.newBuilder(URI.create(uiUrl.get("m2") + "api/events"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).header("Origin", m1.substring(0, m1.length() - 1))
                .header("Access-Control-Request-Method", "GET").header("Access-Control-Request-Headers", "authorization")
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(preflight.statusCode()).as("preflight").isBetween(200, 204);
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(""))
                .as("Access-Control-Allow-Origin").isIn("*", m1.substring(0, m1.length() - 1));
        assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase(Locale.ROOT))
                .as("Access-Control-Allow-Headers").contains("authorization");

        page.get(m1);
        submitToken("wrong-" + UUID.randomUUID());
        browser.await(PAGE).withMessage("#auth-error shown").until(d -> {
            WebElement e = d.findElement(By.id("auth-error"));
            return e.isDisplayed() && !e.getText().isBlank();
        });
        assertThat(page.findElements(By.cssSelector("#nodes .node"))).as("no node columns without a valid token").isEmpty();
        assertThat(page.findElements(By.cssSelector(".task"))).isEmpty();
        browser.screenshot("wrong-token-refused");
    }

    private void connectsWithTheViewerToken() {
        submitToken(token);
        awaitLiveFrom("m1");
        browser.await(PAGE).withMessage("3 node columns").until(d -> d.findElements(By.cssSelector("#nodes .node")).size() == 3);
        assertThat(page.findElement(By.id("auth-error")).isDisplayed()).as("#auth-error hidden once connected").isFalse();
        assertThat(browser.script("return sessionStorage.getItem('flotilla.token')")).isEqualTo(token);
        Map<String, String> roles = new LinkedHashMap<>();
        for (Map<String, String> n : columns()) {
            roles.put(n.get("hostname"), n.get("role"));
            assertThat(n.get("status")).as(n.toString()).isEqualTo("ready");
            assertThat(n.get("availability")).as(n.toString()).isEqualTo("active");
            assertThat(n.get("nodeId")).as(n.toString()).isEqualTo(c.nodeId(n.get("hostname")));
        }
        assertThat(roles).containsOnlyKeys("m1", "m2", "m3");
        assertThat(roles.values()).containsExactlyInAnyOrder("leader", "manager", "manager");
        assertThat(roles.get(c.leaderName())).isEqualTo("leader");
        browser.screenshot("connected");
    }

    private void showsANewServiceRunning() throws Exception {
        ServiceCluster.Cli created = c.cli("service", "create", "--detach", "--name", SERVICE, "--replicas", "2",
                "--env", "SECRET_VALUE=" + secret, IMAGE, "sleep", "3600");
        assertThat(created.exit()).as(created.err() + created.out()).isZero();
        serviceId = lastLine(created.out());
        List<Card> cards = awaitRunning(2);
        assertThat(cards).extracting(Card::slot).containsExactlyInAnyOrder("1", "2");
        assertThat(cards).allSatisfy(card -> assertThat(card.nodeId()).as("card in its node's column").isEqualTo(card.columnNodeId()));
        browser.screenshot("created-2-running");
        noEnvironmentValueAnywhere(uiUrl.get("m1"));
    }

    private void followsAScaleUp() throws IOException {
        c.cli("service", "scale", "--detach", SERVICE + "=4").ok();
        List<Card> cards = awaitRunning(4);
        assertThat(cards).extracting(Card::slot).containsExactlyInAnyOrder("1", "2", "3", "4");
        Path shot = browser.screenshot("scaled-to-4");
        if (Boolean.getBoolean("flotilla.ui.screenshotDoc")) {
            Path doc = repoRoot().resolve("docs/images/visualizer.png");
            Files.createDirectories(doc.getParent());
            Files.copy(shot, doc, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void followsADrain() {
        // drain the node (other than m1, whose page this is) with the most cards, so something visibly moves
        Map<String, Long> perNode = cards().stream().filter(Card::running)
                .collect(Collectors.groupingBy(Card::column, Collectors.counting()));
        String drained = perNode.entrySet().stream().filter(e -> !e.getKey().equals("m1"))
                .max(Map.Entry.comparingByValue()).map(Map.Entry::getKey)
                .orElseThrow(() -> new AssertionError("no card outside m1: " + perNode));
        Set<String> movedSlots = cards().stream().filter(card -> card.column().equals(drained)).map(Card::slot)
                .collect(Collectors.toSet());
        c.cli("node", "update", "--availability", "drain", drained).ok();
        browser.await(PAGE).withMessage(drained + " drained and its cards elsewhere, running").until(d -> {
            List<Card> now = cards();
            return "drain".equals(columnAttr(drained, "data-availability"))
                    && now.stream().noneMatch(card -> card.column().equals(drained))
                    && now.stream().filter(Card::running).count() == 4
                    && now.stream().filter(card -> movedSlots.contains(card.slot())).allMatch(Card::running);
        });
        browser.screenshot("drained-" + drained);
    }

    private void movesToAnotherManagerWhenItsOwnDies() {
        String before = page.findElement(By.id("connection")).getAttribute("data-manager");
        assertThat(before).isEqualTo("m1");
        long index = index();
        c.byName("m1").sigkill();
        long killed = System.nanoTime();
        String after = browser.await(Duration.ofSeconds(30)).withMessage("the page live from another manager").until(d -> {
            WebElement conn = d.findElement(By.id("connection"));
            String m = conn.getAttribute("data-manager");
            return "true".equals(conn.getAttribute("data-live")) && m != null && !m.equals("m1") && !m.isBlank() ? m : null;
        });
        long movedMillis = (System.nanoTime() - killed) / 1_000_000;
        System.out.println("VisualizerIT: m1 killed; the page was live from " + after + " " + movedMillis + " ms later");
        assertThat(after).isIn("m2", "m3");
        assertThat(movedMillis).as("the page tries the other managers within 1 s; live again within 5 s").isLessThan(5000);
        assertThat(browser.script("return window.flotillaUi.manager")).isEqualTo(after);
        browser.screenshot("reconnected-to-" + after);

        // the CLI fails over too (m1 may have been the leader: the first tries can meet an election)
        Await.until("service scale web=3 accepted", Duration.ofSeconds(60),
                () -> c.cli("service", "scale", "--detach", SERVICE + "=3").exit() == 0);
        browser.await(Duration.ofSeconds(90)).withMessage("3 running cards, none on the dead m1, m1 down").until(d -> {
            List<Card> now = cards();
            return now.stream().filter(Card::running).count() == 3 && now.size() == 3
                    && now.stream().noneMatch(card -> card.column().equals("m1"))
                    && "down".equals(columnAttr("m1", "data-status"));
        });
        assertThat(index()).as("window.flotillaUi.index moved on").isGreaterThan(index);
        assertThat(page.findElement(By.id("connection")).getAttribute("data-manager")).isIn("m2", "m3");
        browser.screenshot("after-kill-scaled-to-3");
    }

    /** The env value is in no page, no snapshot and no event, whatever manager serves them. */
    private void noEnvironmentValueAnywhere(String base) throws Exception {
        assertThat(page.getPageSource()).as("page HTML").doesNotContain(secret).contains("data-task-id");
        HttpResponse<String> snap = get(base + "api/snapshot", token);
        assertThat(snap.statusCode()).as(snap.body()).isEqualTo(200);
        assertThat(snap.body()).as("/api/snapshot").doesNotContain(secret, token);
        JsonNode json = Json.mapper().readTree(snap.body());
        assertThat(json.path("managers").size()).as("managers in the snapshot").isEqualTo(3);
        json.path("managers").forEach(m -> assertThat(uiUrl.values()).as("managers[].url").contains(m.path("url").asText()));
        assertThat(json.path("tasks").toString()).contains(SERVICE);

        List<String> events = events(base, 3);
        assertThat(events).hasSizeGreaterThanOrEqualTo(3).allSatisfy(e -> assertThat(e).doesNotContain(secret, token));
        assertThat(events.get(0)).contains("event: snapshot", "id: ", "data: {");
    }

    /** {@code ui-token --rotate}: the old token is refused from then on, the new one works. */
    private void aRotatedTokenIsRefused(String base) throws Exception {
        String fresh = lastLine(c.cli("ui-token", "--rotate").ok().out());
        assertThat(fresh).isNotBlank().isNotEqualTo(token);
        Await.until("the old token refused after the rotation", Duration.ofSeconds(20), () -> {
            try {
                return get(base + "api/snapshot", token).statusCode() == 401;
            } catch (IOException | InterruptedException e) {
                return false;
            }
        });
        assertThat(get(base + "api/snapshot", fresh).statusCode()).isEqualTo(200);
        assertThat(lastLine(c.cli("ui-token").ok().out())).as("ui-token prints the current token").isEqualTo(fresh);
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private void submitToken(String value) {
        browser.await(PAGE).withMessage("#token-form shown").until(d -> d.findElement(By.id("token-form")).isDisplayed());
        WebElement input = page.findElement(By.id("token"));
        input.clear();
        input.sendKeys(value);
        page.findElement(By.id("token-submit")).click();
    }

    private void awaitLiveFrom(String manager) {
        browser.await(PAGE).withMessage("#connection live from " + manager).until(d -> {
            WebElement conn = d.findElement(By.id("connection"));
            return "true".equals(conn.getAttribute("data-live")) && manager.equals(conn.getAttribute("data-manager"));
        });
    }

    /** An attribute of a node's column, read in one script call (the page redraws its columns on every event). */
    private String columnAttr(String hostname, String attribute) {
        return (String) browser.script("const c = document.querySelector(\"#nodes .node[data-hostname='\" + arguments[0]"
                + " + \"']\"); return c ? c.getAttribute(arguments[1]) : null;", hostname, attribute);
    }

    /** The node columns' data attributes, read in one script call. */
    @SuppressWarnings("unchecked")
    private List<Map<String, String>> columns() {
        return (List<Map<String, String>>) browser.script(
                "return Array.from(document.querySelectorAll('#nodes .node')).map(c => Object.assign({}, c.dataset));");
    }

    /** A task card as the page shows it, with the column it sits in. */
    record Card(String taskId, String slot, String state, String nodeId, String column, String columnNodeId) {
        boolean running() {
            return "running".equals(state);
        }
    }

    /** The cards of the test's service in the node columns (history cards excluded), read in one script call. */
    @SuppressWarnings("unchecked")
    private List<Card> cards() {
        Object raw = browser.script("""
                const [name, id] = arguments;
                return Array.from(document.querySelectorAll('#nodes .node .task:not(.history)'))
                  .filter(e => e.dataset.service === name || (id && e.dataset.service === id))
                  .map(e => { const col = e.closest('.node');
                    return [e.dataset.taskId || '', e.dataset.slot || '', e.dataset.state || '', e.dataset.nodeId || '',
                            col.dataset.hostname || '', col.dataset.nodeId || '']; });
                """, SERVICE, serviceId);
        List<Card> out = new ArrayList<>();
        for (Object o : (List<Object>) raw) {
            List<Object> f = (List<Object>) o;
            out.add(new Card((String) f.get(0), (String) f.get(1), (String) f.get(2), (String) f.get(3),
                    (String) f.get(4), (String) f.get(5)));
        }
        return out;
    }

    private List<Card> awaitRunning(int n) {
        return browser.await(PAGE).withMessage(n + " running cards of " + SERVICE).until(d -> {
            List<Card> now = cards();
            return now.size() == n && now.stream().allMatch(Card::running) ? now : null;
        });
    }

    private long index() {
        return ((Number) browser.script("return window.flotillaUi.index")).longValue();
    }

    private HttpResponse<String> get(String url, String bearer) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * Reads the raw event stream until it has {@code n} events: the first comes at once, the others are caused
     * here by label changes (state changes every manager applies). Each event is returned as its raw lines.
     */
    private List<String> events(String base, int n) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(base + "api/events"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> resp = http.sendAsync(req, HttpResponse.BodyHandlers.ofInputStream())
                .get(10, TimeUnit.SECONDS);
        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        List<String> events = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(resp.body(), StandardCharsets.UTF_8))) {
                StringBuilder event = new StringBuilder();
                for (String line = in.readLine(); line != null && events.size() < n; line = in.readLine()) {
                    if (line.isEmpty()) {
                        if (event.indexOf("data:") >= 0) {
                            events.add(event.toString());
                        }
                        event.setLength(0);
                    } else {
                        event.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                // closed below once enough events were read, or the deadline passed
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        try {
            String node = c.nodeViews().stream().filter(v -> v.node().status().display().equals("Ready"))
                    .map(v -> v.node().hostname()).findFirst().orElseThrow();
            for (int i = 1; i <= n; i++) {
                int want = i;
                Await.until(want + " events from " + base + "api/events (got " + events.size() + ")",
                        Duration.ofSeconds(20), () -> events.size() >= want);
                if (i < n) {
                    c.cli("node", "update", "--label-add", "ui-it=" + i, node).ok();
                }
            }
            c.cli("node", "update", "--label-rm", "ui-it", node).ok();
            return new ArrayList<>(events);
        } finally {
            resp.body().close();
            reader.interrupt();
        }
    }

    private void failureDetails() {
        try {
            if (browser != null) {
                browser.screenshot("failure");
                System.err.println("---- page console\n" + browser.consoleLog());
                System.err.println("---- page #connection: " + page.findElement(By.id("connection")).getAttribute("outerHTML"));
            }
        } catch (RuntimeException e) {
            System.err.println("no page details: " + e);
        }
        if (c != null) {
            System.err.println("---- cluster logs" + c.logs());
        }
    }

    private static Path repoRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.exists(dir.resolve("orchestrator")) && Files.exists(dir.resolve("pom.xml")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError("cannot find the repository root above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }
}
