package dev.flotilla.orchestrator.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The node flags read CPUs, sizes and durations with the service flags' grammar (spec.Quantities, GoDuration). */
class NodeFlagsTest {
    private static NodeFlags parse(String... args) {
        NodeFlags flags = new NodeFlags();
        new CommandLine(flags).parseArgs(args);
        return flags;
    }

    @Test
    void cpusAndMemoryTakeTheServiceFlagsForms() {
        assertThat(parse("--cpus", "1.5").offeredCpus()).isEqualTo(1_500_000_000L);
        assertThat(parse("--memory", "4g").offeredMemory()).isEqualTo(4L << 30);
        assertThat(parse("--memory", "512MiB").offeredMemory()).isEqualTo(512L << 20);
        assertThat(parse().offeredCpus()).isZero();
        assertThat(parse().offeredMemory()).isZero();
    }

    @Test
    void refusalsNameTheFlag() {
        assertThatThrownBy(() -> parse("--cpus", "-1").offeredCpus()).hasMessageStartingWith("--cpus \"-1\"");
        assertThatThrownBy(() -> parse("--cpus", "0").offeredCpus()).hasMessageContaining("--cpus \"0\": a node must offer some CPU");
        assertThatThrownBy(() -> parse("--memory", "lots").offeredMemory()).hasMessageStartingWith("--memory \"lots\": not a size");
        assertThatThrownBy(() -> parse("--memory", "0").offeredMemory()).hasMessageContaining("a node must offer some memory");
    }

    @Test
    void aBadHeartbeatIsAUsageErrorNamingTheFlag(@TempDir Path dir) {
        StringWriter err = new StringWriter();
        int code = Main.run(new String[]{"init", "--heartbeat-period", "5 sec", "--data-dir", dir.toString()},
                new PrintWriter(new StringWriter(), true), new PrintWriter(err, true));
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--heartbeat-period \"5 sec\"").contains("for example 10s or 1m30s")
                .doesNotContain("Exception");
    }
}
