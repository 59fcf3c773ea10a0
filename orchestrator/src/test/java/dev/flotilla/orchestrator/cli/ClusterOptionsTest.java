package dev.flotilla.orchestrator.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterOptionsTest {

    private static String[] run(int expectedExit, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).as(err.toString()).isEqualTo(expectedExit);
        return new String[]{out.toString(), err.toString()};
    }

    @Test
    void aMistypedConfigPathIsNamedAsMissing(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");
        String err = run(ExitCodes.USAGE, "service", "ls", "--config", missing.toString(), "-H", "127.0.0.1:1")[1];
        assertThat(err).contains("the config file " + missing + " does not exist").contains("flotilla init")
                .doesNotContain("lists none").doesNotContain("Exception");
    }

    @Test
    void joinTokenAndCaNameAMissingConfigToo(@TempDir Path dir) {
        Path missing = dir.resolve("nope.json");
        for (String[] args : new String[][]{{"join-token", "worker"}, {"ca"}}) {
            String[] a = java.util.Arrays.copyOf(args, args.length + 2);
            a[args.length] = "--config";
            a[args.length + 1] = missing.toString();
            assertThat(run(ExitCodes.USAGE, a)[1]).as(String.join(" ", args))
                    .contains("the config file " + missing + " does not exist").doesNotContain("keeps only a hash");
        }
    }

    @Test
    void aConfigWithoutManagersSaysSo(@TempDir Path dir) throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.json"), "{}");
        String err = run(ExitCodes.USAGE, "node", "ls", "--config", empty.toString())[1];
        assertThat(err).contains("no manager to talk to: " + empty + " lists none");
    }

    @Test
    void anUnknownCommandIsNamedWithTheNearestOnes() {
        String err = run(ExitCodes.USAGE, "nodes", "ls")[1];
        assertThat(err).contains("Error: 'nodes' is not a flotilla command; did you mean node?");
        assertThat(run(ExitCodes.USAGE, "service", "logz", "web")[1]).contains("'logz' is not a flotilla service command");
        assertThat(run(ExitCodes.USAGE, "service", "ls", "extra")[1]).as("a command without subcommands")
                .contains("Unmatched argument");
    }
}
