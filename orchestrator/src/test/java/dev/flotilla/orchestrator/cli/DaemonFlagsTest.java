package dev.flotilla.orchestrator.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DaemonFlagsTest {

    @Test
    void detachAndForegroundTogetherAreAUsageError(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[]{"daemon", "--detach", "--foreground", "--data-dir", dir.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("--detach and --foreground contradict each other")
                .contains("flotilla daemon --help").doesNotContain("Exception");
    }

    @Test
    void foregroundOnAnEmptyDataDirSaysHowToCreateANode(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[]{"daemon", "--foreground", "--data-dir", dir.toString()},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains(dir.toString()).doesNotContain("Exception").doesNotContain("\tat ");
    }
}
