package dev.flotilla.shipper.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CliTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void withoutASubcommandItPrintsUsage() {
        assertThat(run()).isZero();
        assertThat(out.toString()).contains("run").contains("filebeat-config").contains("receive");
    }

    @Test
    void runWithoutConfigurationSaysWhatToGive() {
        assertThat(run("run")).isEqualTo(2);
        assertThat(err.toString()).contains("missing configuration: give --config agent.yml, or --root DIR and --logstash HOST:PORT");
    }

    @Test
    void configAndLayoutOptionsDoNotMix() {
        assertThat(run("run", "--config", "a.yml", "--root", "/x")).isEqualTo(2);
        assertThat(err.toString()).contains("give either --config FILE, or --root DIR with --logstash HOST:PORT; not both");
    }

    @Test
    void badLogstashAddressIsRefused() {
        assertThat(run("run", "--root", "/x", "--logstash", "h:notaport")).isEqualTo(2);
        assertThat(err.toString()).contains("--logstash: 'h:notaport' is not a valid host:port: the port 'notaport' is not a number; write host:port");
    }

    @Test
    void invalidConfigFileListsEveryProblemWithoutAStackTrace(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("agent.yml"), "inputs: [{id: a, paths: [x]}]\noutput.logstash: {hosts: [h], bulk_max_size: 0}\nbogus: 1\n");
        assertThat(run("run", "--config", f.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("3 problems, the agent did not start")
                .contains("inputs[0].paths[0]: expected an absolute path")
                .contains("output.logstash.bulk_max_size: expected a whole number from 1 to 65536, got 0")
                .contains("bogus: unknown key")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void filebeatConfigWritesYamlToStandardOutputOrAFile(@TempDir Path dir) throws Exception {
        assertThat(run("filebeat-config", "--root", "/home/ubuntu/logs", "--logstash", "ls:5044")).isZero();
        assertThat(out.toString()).contains("filebeat.inputs:").contains("id: tomcat-catalina").contains("- ls:5044");
        Path f = dir.resolve("filebeat.yml");
        assertThat(run("filebeat-config", "--root", "/home/ubuntu/logs", "--logstash", "ls:5044", "--out", f.toString())).isZero();
        assertThat(Files.readString(f)).contains("output.logstash:");
    }

    @Test
    void anUnwritableRegistryStopsTheStartWithAMessage(@TempDir Path dir) throws Exception {
        Path blocker = Files.writeString(dir.resolve("file"), "x");
        assertThat(run("run", "--root", dir.toString(), "--logstash", "127.0.0.1:1", "--registry", blocker.resolve("reg").toString(),
                "--http-port", "0")).isEqualTo(1);
        assertThat(err.toString()).contains("could not start: cannot open the registry at")
                .contains("a folder on the path " + blocker.resolve("reg") + " is a file").contains("set registry.path");
    }

    @Test
    void filebeatConfigIntoAMissingFolderSaysSo(@TempDir Path dir) {
        Path f = dir.resolve("nope").resolve("filebeat.yml");
        assertThat(run("filebeat-config", "--root", "/home/ubuntu/logs", "--logstash", "ls:5044", "--out", f.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("cannot write " + f + ": ").contains("does not exist");
    }
}
