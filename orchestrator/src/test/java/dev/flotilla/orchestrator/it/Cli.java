package dev.flotilla.orchestrator.it;

import dev.flotilla.orchestrator.cli.Main;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Runs the real CLI in the test's JVM (the daemons are separate processes) and keeps what it printed. */
public record Cli(int exit, String out, String err, long millis) {

    public static Cli run(String config, String... args) {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        if (config != null) {
            a.add(List.of("node", "service").contains(a.get(0)) ? 2 : 1, "--config=" + config);
        }
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        long t0 = System.nanoTime();
        int code = Main.run(a.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        return new Cli(code, out.toString(), err.toString(), (System.nanoTime() - t0) / 1_000_000);
    }

    public Cli ok() {
        if (exit != 0) {
            throw new AssertionError("command failed with exit " + exit + ": " + err + out);
        }
        return this;
    }

    @Override
    public String toString() {
        return "exit " + exit + " after " + millis + "ms\nout: " + out + "\nerr: " + err;
    }
}
