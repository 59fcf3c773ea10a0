package dev.flotilla.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs a short command (openssl, htpasswd, the docker CLI) to its end within a deadline and gives back its exit code
 * and both outputs. A command still running at the deadline is killed, with its children, and the call fails.
 */
public final class Exec {
    private Exec() {
    }

    /** What a finished command left: exit code, standard output and standard error. */
    public record Result(List<String> command, int exit, String out, String err) {
        public boolean ok() {
            return exit == 0;
        }

        /** Standard error and standard output together, for matching a message wherever a tool printed it. */
        public String text() {
            return (err + "\n" + out).strip();
        }

        /** Fails unless the command exited 0, with both outputs in the message. */
        public Result requireOk() {
            if (exit != 0) {
                throw new AssertionError("command failed (exit " + exit + "): " + String.join(" ", command)
                        + "\n--- stderr:\n" + err + "\n--- stdout:\n" + out);
            }
            return this;
        }
    }

    public static Result run(Duration timeout, List<String> command) {
        return run(timeout, command, Map.of(), null);
    }

    /**
     * Runs {@code command} with {@code env} added to this JVM's environment, writing {@code stdin} (may be null: the
     * command then reads an empty input) to it.
     */
    public static Result run(Duration timeout, List<String> command, Map<String, String> env, String stdin) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + command, e);
        }
        CompletableFuture<String> out = drain(p.getInputStream());
        CompletableFuture<String> err = drain(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the command may exit without reading its input; its exit code tells what happened
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new AssertionError("command did not end within " + timeout.toMillis() + " ms (killed): "
                        + String.join(" ", command) + "\n--- stderr so far:\n" + now(err) + "\n--- stdout so far:\n" + now(out));
            }
            return new Result(List.copyOf(command), p.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new AssertionError("interrupted while running " + command, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("could not read the output of " + command, e);
        }
    }

    private static CompletableFuture<String> drain(InputStream s) {
        CompletableFuture<String> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try (s) {
                f.complete(new String(s.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                f.complete("<cannot read: " + e + ">");
            }
        }, "exec-drain");
        t.setDaemon(true);
        t.start();
        return f;
    }

    private static String now(CompletableFuture<String> f) {
        return f.getNow("<not complete>");
    }
}
