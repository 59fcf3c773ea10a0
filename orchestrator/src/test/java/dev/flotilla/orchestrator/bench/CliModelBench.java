package dev.flotilla.orchestrator.bench;

import dev.flotilla.orchestrator.cli.FlotillaCommand;
import picocli.CommandLine;

/**
 * How much of a CLI call's start-up is Picocli building the model of every command (annotations read by
 * reflection, every command class loaded), in a fresh JVM with the CLI's options: the first build, then a second
 * one in the same JVM (classes loaded, code still cold). Run by {@code scripts/bench/cli-model}.
 */
public final class CliModelBench {
    private CliModelBench() {
    }

    public static void main(String[] args) {
        long t0 = System.nanoTime();
        new CommandLine(new FlotillaCommand());
        long t1 = System.nanoTime();
        new CommandLine(new FlotillaCommand());
        long t2 = System.nanoTime();
        System.out.printf("RESULT picocli_model_ms first=%d again=%d%n", (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000);
    }
}
