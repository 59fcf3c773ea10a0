package dev.flotilla.orchestrator.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class LeadingOptionsTest {
    private final CommandLine root = new CommandLine(new FlotillaCommand());

    @Test
    void clusterOptionsBeforeTheCommandMoveBehindIt() {
        assertThat(LeadingOptions.hoist(root, new String[]{"--config", "c.json", "-H", "10.0.0.1", "node", "ls", "-q"}))
                .containsExactly("node", "ls", "--config", "c.json", "-H", "10.0.0.1", "-q");
        assertThat(LeadingOptions.hoist(root, new String[]{"--host=h:1", "-Hh2", "service", "remove", "web"}))
                .containsExactly("service", "remove", "--host=h:1", "-Hh2", "web");
    }

    @Test
    void aLineWithoutLeadingOptionsOrWithACommandThatHasNoneIsLeftAlone() {
        String[] plain = {"service", "ls", "--config", "c.json"};
        assertThat(LeadingOptions.hoist(root, plain)).isSameAs(plain);
        String[] init = {"--config", "c.json", "daemon", "--foreground"};
        assertThat(LeadingOptions.hoist(root, init)).isSameAs(init);
        String[] bare = {"--config", "c.json"};
        assertThat(LeadingOptions.hoist(root, bare)).isSameAs(bare);
    }

    @Test
    void theLeadingConfigIsTheOneUsed(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.json"), "{ not json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(new String[]{"--config", broken.toString(), "node", "ls"},
                new PrintWriter(out, true), new PrintWriter(err, true));
        assertThat(code).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("the config file " + broken + " is not valid").doesNotContain("Exception");
    }
}
