package dev.flotilla.orchestrator.services;

import dev.flotilla.orchestrator.api.Service;
import dev.flotilla.orchestrator.api.Task;
import dev.flotilla.orchestrator.api.TaskState;
import dev.flotilla.orchestrator.api.UpdateStatus;
import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.wire.ServiceViews;
import dev.flotilla.testkit.Await;
import dev.flotilla.testkit.DockerEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Update order and failure action on real daemons and real containers: a start-first update keeps the service
 * answering HTTP throughout where stop-first does not, and an update whose tasks fail rolls back by itself.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpdatePoliciesIT {
    /** A web server in busybox; with BROKEN set in its environment it exits at once instead. */
    private static final String SERVER = "if [ -n \"$BROKEN\" ]; then echo broken; exit 1; fi;"
            + " mkdir -p /www && echo \"$VERSION\" > /www/index.html && exec httpd -f -p 8080 -h /www";
    private static final String ANSWERS = "wget -q -O /dev/null http://127.0.0.1:8080/";
    private ServiceCluster c;

    @BeforeAll
    void start() {
        DockerEngine.requireImage(DockerEngine.BUSYBOX_IMAGE);
        c = new ServiceCluster("updates", "3s");
        c.init("up-1", "2");
        c.join("up-2", "2");
        Await.until("both nodes report the test image", Duration.ofSeconds(60), () -> c.nodeViews().stream()
                .filter(v -> v.node().description().images().contains(DockerEngine.BUSYBOX_IMAGE)).count() == 2);
    }

    @AfterAll
    void stop() {
        if (c != null) {
            c.close();
        }
    }

    @Test
    void startFirstKeepsAnsweringWhereStopFirstDoesNot() throws Exception {
        // one replica on two nodes: its replacement has a node with the port free (as with Swarm's host-mode ports)
        // Running means answering: the health check asks the server itself
        create("sf", 18181, "1", "--update-order", "start-first", "--health-cmd", ANSWERS, "--health-interval", "1s");
        create("ff", 18182, "1", "--update-order", "stop-first", "--health-cmd", ANSWERS, "--health-interval", "1s");
        Load startFirst = load("sf", 18181);
        Load stopFirst = load("ff", 18182);
        Await.until("both answer version 1", Duration.ofSeconds(30),
                () -> startFirst.ok() > 5 && stopFirst.ok() > 5);
        c.cli("service", "update", "--env-add", "VERSION=2", "sf").ok();
        c.cli("service", "update", "--env-add", "VERSION=2", "ff").ok();
        Await.until("both answer version 2", Duration.ofSeconds(30),
                () -> startFirst.lastBody().equals("2") && stopFirst.lastBody().equals("2"));
        startFirst.stop();
        stopFirst.stop();
        System.out.printf("update load: start-first %d requests, %d failed; stop-first %d requests, %d failed%n",
                startFirst.total(), startFirst.failed(), stopFirst.total(), stopFirst.failed());
        assertThat(stopFirst.failed()).as("stop-first has a moment with nothing to answer: the load sees it")
                .isPositive();
        assertThat(startFirst.failed()).as("start-first: failed requests out of %d (%s)", startFirst.total(),
                startFirst.failures()).isZero();
        assertThat(startFirst.ok()).isGreaterThan(20);
    }

    @Test
    void anUpdateWhoseTasksFailRollsBackByItself() throws Exception {
        create("rb", 18183, "2", "--update-failure-action", "rollback", "--update-monitor", "3s");
        ServiceCluster.Cli update = c.cli("service", "update", "--env-add", "BROKEN=1", "rb");
        assertThat(update.exit()).as(update.out() + update.err()).isEqualTo(1);
        assertThat(update.out()).contains("rollback: update rolled back due to failure or early termination of task");
        assertThat(update.err()).contains("service rb was rolled back to its previous definition");
        Await.until("rollback completed", Duration.ofSeconds(60), () -> service("rb").updateStatus().state()
                == UpdateStatus.State.ROLLBACK_COMPLETED);
        Service rb = service("rb");
        assertThat(rb.spec().env()).as("the definition before the update").noneMatch(e -> e.name().equals("BROKEN"));
        List<Task> live = c.liveTasks("rb");
        assertThat(live).hasSize(2).allMatch(t -> t.state() == TaskState.RUNNING)
                .allMatch(t -> t.spec().env().stream().noneMatch(e -> e.name().equals("BROKEN")));
        List<Task> failed = c.tasks("rb").stream().map(ServiceViews.TaskView::task)
                .filter(t -> t.state() == TaskState.FAILED).toList();
        assertThat(failed).as("ratio 0: the first failure rolls back, the second slot is never touched")
                .hasSize(1);
        assertThat(rb.updateStatus().message()).isEqualTo("rollback completed");
        String pretty = c.cli("service", "inspect", "--pretty", "rb").ok().out();
        assertThat(pretty).contains("UpdateStatus:").contains(" State:\t\trollback_completed")
                .contains(" On failure:\trollback").contains(" Monitoring Period: 3s");
    }

    @Test
    void anUpdateWhoseHealthCheckFailsRollsBackByItself() throws Exception {
        create("hc", 18184, "2", "--update-failure-action", "rollback", "--health-cmd", ANSWERS,
                "--health-interval", "1s");
        ServiceCluster.Cli update = c.cli("service", "update", "--health-cmd", "test -f /www/never",
                "--health-retries", "2", "hc");
        assertThat(update.exit()).as(update.out() + update.err()).isEqualTo(1);
        assertThat(update.out()).contains("rollback: update rolled back due to failure or early termination of task");
        Await.until("rollback completed", Duration.ofSeconds(60), () -> service("hc").updateStatus().state()
                == UpdateStatus.State.ROLLBACK_COMPLETED);
        assertThat(service("hc").spec().health().test()).as("the passing check is back")
                .containsExactly("CMD-SHELL", ANSWERS);
        List<Task> unhealthy = c.tasks("hc").stream().map(ServiceViews.TaskView::task)
                .filter(t -> t.state() == TaskState.FAILED).toList();
        assertThat(unhealthy).hasSize(1).allMatch(t -> t.status().error().contains("unhealthy container"));
        assertThat(c.liveTasks("hc")).hasSize(2).allMatch(t -> t.state() == TaskState.RUNNING);
    }

    private void create(String name, int port, String replicas, String... policy) {
        List<String> args = new java.util.ArrayList<>(List.of("service", "create", "--name", name, "--replicas",
                replicas, "--publish", port + ":8080", "--env", "VERSION=1", "--restart-delay", "1s"));
        args.addAll(List.of(policy));
        args.addAll(List.of(DockerEngine.BUSYBOX_IMAGE, "sh", "-c", SERVER));
        c.cli(args.toArray(String[]::new)).ok();
    }

    private Service service(String name) {
        try {
            return Json.mapper().readValue(c.cli("service", "inspect", name).ok().out(), Service[].class)[0];
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * What a routing mesh does, as a client: each request goes to a task the cluster reports running and still
     * wants running, on its node's address and the published port. No such task, or one that does not answer,
     * is a failed request.
     */
    private Load load(String service, int port) {
        Map<String, String> addresses = c.nodeViews().stream().collect(Collectors.toMap(v -> v.node().id(),
                v -> v.node().description().apiAddress().split(":")[0]));
        Load l = new Load();
        l.run = CompletableFuture.runAsync(() -> {
            int turn = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (!l.stopped.get() && System.nanoTime() < deadline) {
                List<Task> serving = c.liveTasks(service).stream().filter(t -> t.state() == TaskState.RUNNING)
                        .toList();
                if (serving.isEmpty()) {
                    l.fail("no running task");
                } else {
                    Task t = serving.get(turn++ % serving.size());
                    l.request(URI.create("http://" + addresses.get(t.nodeId()) + ":" + port + "/"), t.name());
                }
            }
        });
        return l;
    }

    private static final class Load {
        final AtomicBoolean stopped = new AtomicBoolean();
        CompletableFuture<Void> run;
        private int ok;
        private final java.util.List<String> failures = new java.util.ArrayList<>();
        private volatile String lastBody = "";

        void request(URI uri, String task) {
            try {
                HttpURLConnection conn = (HttpURLConnection) uri.toURL().openConnection();
                conn.setConnectTimeout(2000);
                conn.setReadTimeout(2000);
                try (InputStream in = conn.getInputStream()) {
                    lastBody = new String(in.readAllBytes()).trim();
                }
                synchronized (this) {
                    ok = conn.getResponseCode() == 200 ? ok + 1 : ok;
                }
                if (conn.getResponseCode() != 200) {
                    fail(task + ": HTTP " + conn.getResponseCode());
                }
            } catch (IOException e) {
                fail(task + ": " + e.getMessage());
            }
        }

        synchronized void fail(String why) {
            failures.add(why);
        }

        synchronized int ok() {
            return ok;
        }

        synchronized int failed() {
            return failures.size();
        }

        synchronized List<String> failures() {
            return List.copyOf(failures.subList(0, Math.min(5, failures.size())));
        }

        synchronized int total() {
            return ok + failures.size();
        }

        String lastBody() {
            return lastBody;
        }

        void stop() throws Exception {
            stopped.set(true);
            run.get();
        }
    }
}
