package dev.flotilla.shipper.it;

import dev.flotilla.shipper.output.beats.CamelBeatsServer;
import dev.flotilla.shipper.testing.Lines;
import dev.flotilla.testkit.Await;
import dev.flotilla.testkit.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The agent as a real process ({@code java -jar target/logging-agent.jar run}) shipping real files to a Beats server
 * written by someone else (Apache Camel's Lumberjack server). Each scenario checks that every line arrived at its
 * offset, and counts duplicates.
 */
class AgentProcessIT {
    @TempDir
    Path tmp;
    private final List<AutoCloseable> toClose = new ArrayList<>();
    private final Lines lines = new Lines(170);
    /** The agents' own logs stay after the test (the temporary folder does not), to read when a test fails. */
    private static final Path LOGS = Path.of("target", "it-logs");
    private CamelBeatsServer server;
    private int httpPort;

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    /**
     * The log file of a child process, emptied first: child output is appended to it, and a line left by an earlier
     * run ("listening on", "agent: stopped") would otherwise satisfy this run's waits and checks.
     */
    private static Path freshLog(String name) {
        Path f = LOGS.resolve(name + ".log");
        try {
            Files.deleteIfExists(f);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return f;
    }

    private Path root() throws Exception {
        return Files.createDirectories(tmp.resolve("logs"));
    }

    private Path config(String inputExtra) throws Exception {
        int port = Ports.free();
        server = CamelBeatsServer.start("127.0.0.1", port);
        toClose.add(server);
        httpPort = Ports.free();
        Path f = tmp.resolve("agent.yml");
        Files.writeString(f, """
                name: it-node
                inputs:
                  - id: app
                    paths: ["%s/*/*.log"]
                    prospector.scanner.check_interval: 1s
                %s
                output.logstash:
                  hosts: ["127.0.0.1:%d"]
                  timeout: 5s
                  backoff: {init: 100ms, max: 1s}
                registry: {path: "%s", flush: 200ms}
                http: {port: %d}
                logging.metrics.period: 5s
                """.formatted(root(), inputExtra.indent(4).stripTrailing(), port, tmp.resolve("registry"), httpPort));
        return f;
    }

    private AgentProcess agent(Path config, String name) {
        AgentProcess a = AgentProcess.start(name, config, freshLog(name));
        toClose.add(a);
        Await.until("the agent serves /metrics", Duration.ofSeconds(30), () -> {
            if (!a.jvm().isAlive()) {
                throw new AssertionError("the agent exited:\n" + a.output());
            }
            return AgentProcess.metrics(httpPort).contains("shipper_events_read_total");
        });
        return a;
    }

    private List<Map<String, Object>> received() {
        return AgentProcess.parse(server.rawEvents());
    }

    private Lines.Report awaitAll(Duration timeout, AgentProcess a) {
        try {
            Await.until("every line shipped", timeout, () -> {
                if (!a.jvm().isAlive()) {
                    throw new AssertionError("the agent exited:\n" + a.output());
                }
                return lines.check(received()).complete();
            });
        } catch (AssertionError e) {
            throw new AssertionError("not every line arrived: " + lines.check(received()) + " (agent log: " + a.jvm().logFile() + ")", e);
        }
        return lines.check(received());
    }

    @Test
    void renameRotationUnderLoad() throws Exception {
        AgentProcess a = agent(config(""), "agent-rotation");
        Path dir = Files.createDirectories(root().resolve("web-1"));
        Path log = dir.resolve("debug.log");
        try (Writer w = new Writer(lines, log, "rot", 40, 40_000).start()) {
            for (int gen = 1; gen <= 8; gen++) {
                int target = gen * 4_000; // lines per generation, whatever the machine's speed
                Await.until("the writer wrote " + target + " lines", Duration.ofSeconds(30), () -> w.written() >= target);
                int g = gen;
                w.pause(() -> {
                    try {
                        Files.move(log, dir.resolve("debug." + g + ".log.old"));
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    lines.reset(log);
                });
            }
            w.await(60_000);
        }
        Lines.Report r = awaitAll(Duration.ofSeconds(60), a);
        assertThat(r.expected()).isEqualTo(40_000);
        assertThat(r.duplicates()).as("no restart, no reconnect: no duplicates").isZero();
        String metrics = AgentProcess.metrics(httpPort);
        assertThat(AgentProcess.metric(metrics, "shipper_events_acked_total")).isGreaterThanOrEqualTo(40_000);
        Await.until("rotated files closed", Duration.ofSeconds(10),
                () -> AgentProcess.metric(AgentProcess.metrics(httpPort), "shipper_open_files") == 1);
    }

    @Test
    void copytruncateUnderLoadLosesNothing() throws Exception {
        AgentProcess a = agent(config(""), "agent-copytruncate");
        Path dir = Files.createDirectories(root().resolve("web-2"));
        Path log = dir.resolve("catalina.log");
        try (Writer w = new Writer(lines, log, "ct", 30, 20_000).start()) {
            for (int gen = 1; gen <= 4; gen++) {
                int target = gen * 4_000; // lines per generation, whatever the machine's speed
                Await.until("the writer wrote " + target + " lines", Duration.ofSeconds(30), () -> w.written() >= target);
                int g = gen;
                w.pause(() -> {
                    try {
                        Files.copy(log, dir.resolve("catalina.log." + g));
                        Files.write(log, new byte[0], StandardOpenOption.TRUNCATE_EXISTING);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    lines.reset(log);
                });
            }
            w.await(60_000);
        }
        Lines.Report r = awaitAll(Duration.ofSeconds(60), a);
        String metrics = AgentProcess.metrics(httpPort);
        assertThat(AgentProcess.metric(metrics, "shipper_file_truncations_total")).isEqualTo(4);
        assertThat(r.duplicates()).as("only lines in flight at a truncation may be sent twice").isLessThan(4 * 4096);
    }

    @Test
    void killDashNineMidStreamThenRestartLosesNothing() throws Exception {
        Path cfg = config("");
        AgentProcess first = agent(cfg, "agent-kill-1");
        Path dir = Files.createDirectories(root().resolve("web-3"));
        try (Writer w = new Writer(lines, dir.resolve("debug.log"), "k", 50, 30_000).start()) {
            Await.until("some lines acknowledged", Duration.ofSeconds(30), () -> server.received().total() > 5_000);
            first.kill9();
            int writtenAtKill = w.written();
            Await.until("the first agent is gone and lines were written meanwhile", Duration.ofSeconds(30),
                    () -> !first.jvm().isAlive() && w.written() >= Math.min(30_000, writtenAtKill + 5_000));
            AgentProcess second = agent(cfg, "agent-kill-2");
            w.await(60_000);
            Lines.Report r = awaitAll(Duration.ofSeconds(60), second);
            assertThat(r.expected()).isEqualTo(30_000);
            assertThat(r.duplicates()).as("at most what was unacknowledged or unsaved at the kill").isLessThan(10_000);
        }
    }

    @Test
    void sigtermStopsWithExitZeroAndKeepsTheOffsets() throws Exception {
        Path cfg = config("");
        AgentProcess first = agent(cfg, "agent-term-1");
        Path log = Files.createDirectories(root().resolve("web-6")).resolve("debug.log");
        lines.append(log, "t", 0, 2_000);
        awaitAll(Duration.ofSeconds(30), first);
        first.jvm().process().destroy();
        assertThat(first.jvm().waitFor(20)).as("stopped within 20 s of SIGTERM").isTrue();
        assertThat(first.jvm().process().exitValue()).as("exit code after SIGTERM").isZero();
        assertThat(first.output()).contains("agent: stopped");
        AgentProcess second = agent(cfg, "agent-term-2");
        lines.append(log, "t", 2_000, 3_000);
        Lines.Report r = awaitAll(Duration.ofSeconds(30), second);
        assertThat(r.expected()).isEqualTo(3_000);
        assertThat(r.duplicates()).as("the offsets saved at the stop are where the restart begins").isZero();
    }

    @Test
    void theReceiverStopsWithExitZeroOnSigterm() throws Exception {
        try (dev.flotilla.testkit.ChildJvm receiver = dev.flotilla.testkit.ChildJvm.exec("receive-term",
                AgentProcess.command("receive", "--listen", "127.0.0.1:0", "--out", tmp.resolve("ev.ndjson").toString()),
                Map.of(), freshLog("receive-term"))) {
            // the command's own ready line (the receiver's log line "receive: listening on" comes before the
            // SIGTERM handler is installed)
            Await.until("the receiver is ready", Duration.ofSeconds(30),
                    () -> receiver.output().lines().anyMatch(l -> l.startsWith("listening on ")));
            receiver.process().destroy();
            assertThat(receiver.waitFor(20)).isTrue();
            assertThat(receiver.process().exitValue()).isZero();
        }
    }

    @Test
    void receiverDownUntilTheQueueFillsAndConnectingBacksOffThenUpLosesNothing() throws Exception {
        AgentProcess a = agent(config("close.removed_after: 5m"), "agent-down");
        Path dir = Files.createDirectories(root().resolve("web-4"));
        try (Writer w = new Writer(lines, dir.resolve("debug.log"), "down", 20, 12_000).start()) {
            Await.until("shipping", Duration.ofSeconds(20), () -> server.received().total() > 500);
            long failuresAtStop = AgentProcess.metric(AgentProcess.metrics(httpPort), "shipper_output_connect_failures_total");
            server.stop();
            // the outage lasts until the agent has had every chance to overfill and to give up: every line is
            // written, reading is paused by the full queue (or every line is read), and connecting has failed
            // often enough for the backoff to reach its 1 s maximum (100, 200, 400, 800 ms, then 1 s)
            w.await(60_000);
            long pausesAfterWrites = AgentProcess.metric(AgentProcess.metrics(httpPort), "shipper_reader_pauses_total");
            Await.until("reading paused or done, and connecting backed off", Duration.ofSeconds(60), () -> {
                String m = AgentProcess.metrics(httpPort);
                boolean readingSettled = AgentProcess.metric(m, "shipper_events_read_total") >= 12_000
                        || AgentProcess.metric(m, "shipper_reader_pauses_total") >= pausesAfterWrites + 2;
                return readingSettled
                        && AgentProcess.metric(m, "shipper_output_connect_failures_total") >= failuresAtStop + 6;
            });
            String during = AgentProcess.metrics(httpPort);
            long queued = AgentProcess.metric(during, "shipper_queue_events");
            assertThat(queued).as("the queue stays bounded").isLessThanOrEqualTo(4096 + 2 * 1024);
            server.startAgain();
            Lines.Report r = awaitAll(Duration.ofSeconds(60), a);
            assertThat(r.expected()).isEqualTo(12_000);
            assertThat(AgentProcess.metric(AgentProcess.metrics(httpPort), "shipper_output_reconnects_total")).isPositive();
        }
    }

    @Test
    void aSlowlyAcknowledgingReceiverLosesNothingAndCausesNoResend() throws Exception {
        AgentProcess a = agent(config(""), "agent-slow");
        server.ackDelay(Duration.ofMillis(1));
        Path dir = Files.createDirectories(root().resolve("web-5"));
        try (Writer w = new Writer(lines, dir.resolve("debug.log"), "slow", 50, 20_000).start()) {
            w.await(60_000);
        }
        Lines.Report r = awaitAll(Duration.ofSeconds(90), a);
        assertThat(r.duplicates()).isZero();
        assertThat(AgentProcess.metric(AgentProcess.metrics(httpPort), "shipper_output_timeouts_total")).isZero();
    }

    @Test
    void fiveHundredFilesInAHundredFoldersAppearingAndDisappearing() throws Exception {
        // waves of 25 folders x 5 files appear; once shipped, the folders of two waves before are removed while
        // the newer files are still open (a file removed before any reader could open it is lost by any tailer)
        AgentProcess a = agent(config("close.inactive: 2s"), "agent-many");
        for (int wave = 0; wave < 4; wave++) {
            for (int c = 0; c < 25; c++) {
                Path d = Files.createDirectories(root().resolve("c-" + wave + "-" + c));
                for (int f = 0; f < 5; f++) {
                    lines.append(d.resolve("f" + f + ".log"), "w" + wave + "c" + c + "f" + f, 0, 40);
                }
            }
            if (wave >= 2) {
                awaitAll(Duration.ofSeconds(60), a);
                deleteWave(wave - 2);
            }
        }
        Lines.Report r = awaitAll(Duration.ofSeconds(90), a);
        assertThat(r.expected()).isEqualTo(100 * 5 * 40);
        deleteWave(2);
        deleteWave(3);
        Await.until("files closed and registry cleaned", Duration.ofSeconds(60), () -> {
            String m = AgentProcess.metrics(httpPort);
            return AgentProcess.metric(m, "shipper_open_files") == 0 && AgentProcess.metric(m, "shipper_registry_files") == 0;
        });
    }

    private void deleteWave(int wave) throws Exception {
        for (int c = 0; c < 25; c++) {
            Path d = root().resolve("c-" + wave + "-" + c);
            for (int f = 0; f < 5; f++) {
                Files.deleteIfExists(d.resolve("f" + f + ".log"));
            }
            Files.deleteIfExists(d);
        }
    }

    @Test
    void stackTracesPartialLinesAndBadBytesArriveIntact() throws Exception {
        AgentProcess a = agent(config("multiline: {preset: tomcat_juli}\npartial_line_timeout: 1s"), "agent-content");
        Path dir = Files.createDirectories(root().resolve("tomcat-1"));
        Files.writeString(dir.resolve(".flotilla-task.json"), "{\"service\":\"shop\",\"task_id\":\"t9\",\"slot\":2,\"node\":\"n1\",\"image\":\"shop:1\"}");
        byte[] text = ("22-Nov-2026 03:48:24.001 SEVERE [exec-1] o.a.c.c.StandardWrapperValve.invoke failed\n"
                + "\tjava.lang.IllegalStateException: boom\n\t\tat com.example.Web.doGet(Web.java:12)\n"
                + "22-Nov-2026 03:48:25.000 INFO [main] bad bytes: ").getBytes(StandardCharsets.UTF_8);
        Path log = dir.resolve("catalina.log");
        Files.write(log, text);
        Files.write(log, new byte[] {(byte) 0xC3, (byte) 0x28, '\n'}, StandardOpenOption.APPEND);
        Files.writeString(log, "22-Nov-2026 03:48:26.000 INFO [main] no newline at the end", StandardOpenOption.APPEND);
        Await.until("three events", Duration.ofSeconds(30), () -> received().size() >= 3);
        List<Map<String, Object>> ev = received();
        assertThat(ev).hasSize(3);
        assertThat(ev.get(0).get("message").toString()).endsWith("\t\tat com.example.Web.doGet(Web.java:12)");
        assertThat(((Map<?, ?>) ev.get(0).get("log")).get("flags")).isEqualTo(List.of("multiline"));
        assertThat(ev.get(1).get("message")).isEqualTo("22-Nov-2026 03:48:25.000 INFO [main] bad bytes: \uFFFD(");
        assertThat(ev.get(2).get("message")).isEqualTo("22-Nov-2026 03:48:26.000 INFO [main] no newline at the end");
        assertThat(((Map<?, ?>) ev.get(2).get("log")).get("flags")).isEqualTo(List.of("partial"));
        for (Map<String, Object> e : ev) {
            assertThat(((Map<?, ?>) e.get("service")).get("name")).isEqualTo("shop");
            assertThat(((Map<?, ?>) e.get("container")).get("name")).isEqualTo("tomcat-1");
            assertThat(((Map<?, ?>) ((Map<?, ?>) e.get("flotilla")).get("task"))).isEqualTo(Map.of("id", "t9", "slot", 2));
            assertThat(((Map<?, ?>) e.get("event")).get("dataset")).isEqualTo("tomcat.catalina");
            assertThat(((Map<?, ?>) e.get("@metadata")).get("beat")).isEqualTo("logging-agent");
            assertThat(((Map<?, ?>) e.get("host")).get("name")).isEqualTo("it-node");
        }
        assertThat(a.jvm().isAlive()).isTrue();
    }

    @Test
    void badConfigurationsAreRefusedWithTheKeyPathAndNoStackTrace() throws Exception {
        Path f = tmp.resolve("bad.yml");
        Files.writeString(f, "inputs:\n  - id: a\n    paths: [/x/*.log]\n    multiline: {pattern: '(', match: after}\n"
                + "output.logstash: {hosts: ['h:0'], bulk_max_sise: 5}\n");
        AgentProcess.Result r = AgentProcess.runToEnd(tmp.resolve("bad.log"), "run", "--config", f.toString());
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.output()).contains("inputs[0].multiline.pattern: not a valid regular expression")
                .contains("output.logstash.hosts[0]: 'h:0' is not a valid host:port: the port 0 is outside 1-65535")
                .contains("output.logstash.bulk_max_sise: unknown key (did you mean 'bulk_max_size'?)")
                .doesNotContain("\tat ");
        AgentProcess.Result missing = AgentProcess.runToEnd(tmp.resolve("missing.log"), "run", "--config", tmp.resolve("nope.yml").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.output()).contains("the file does not exist");
        AgentProcess.Result version = AgentProcess.runToEnd(tmp.resolve("version.log"), "--version");
        assertThat(version.exitCode()).isZero();
        assertThat(version.output()).startsWith("logging-agent 0.1.0");
    }
}
