package dev.flotilla.shipper.it;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.testkit.ChildJvm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The real agent as a separate process: the shaded jar Maven built, run with {@code java -jar}. */
final class AgentProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Path JAR = Path.of("target", "logging-agent.jar");

    private final ChildJvm jvm;

    private AgentProcess(ChildJvm jvm) {
        this.jvm = jvm;
    }

    static List<String> command(String... args) {
        if (!Files.isRegularFile(JAR)) {
            throw new AssertionError(JAR.toAbsolutePath() + " is missing: run the integration tests through `mvn verify`"
                    + " (the package phase builds the jar)");
        }
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", JAR.toAbsolutePath().toString()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    static AgentProcess start(String name, Path config, Path logFile) {
        return new AgentProcess(ChildJvm.exec(name, command("run", "--config", config.toString()), Map.of(), logFile));
    }

    /** Runs the jar to completion; returns exit code and output. */
    static Result runToEnd(Path logFile, String... args) {
        try (ChildJvm j = ChildJvm.exec("agent-cli", command(args), Map.of(), logFile)) {
            if (!j.waitFor(60)) {
                throw new AssertionError("logging-agent " + String.join(" ", args) + " did not finish in 60 s:\n" + j.output());
            }
            return new Result(j.process().exitValue(), j.output());
        }
    }

    record Result(int exitCode, String output) {
    }

    ChildJvm jvm() {
        return jvm;
    }

    String output() {
        return jvm.output();
    }

    void kill9() {
        jvm.sigkill();
    }

    /** GET /metrics of the agent on {@code port}. */
    static String metrics(int port) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("/metrics answered " + r.statusCode());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The value of an unlabelled metric, or -1. */
    static long metric(String text, String name) {
        for (String line : text.split("\n")) {
            if (line.startsWith(name + " ")) {
                return Long.parseLong(line.substring(name.length() + 1).trim());
            }
        }
        return -1;
    }

    static List<Map<String, Object>> parse(List<String> raw) {
        List<Map<String, Object>> out = new ArrayList<>(raw.size());
        for (String s : raw) {
            try {
                out.add(JSON.readValue(s, new TypeReference<Map<String, Object>>() { }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out;
    }

    @Override
    public void close() {
        jvm.stop(15);
    }
}
