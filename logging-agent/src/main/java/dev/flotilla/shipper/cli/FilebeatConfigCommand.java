package dev.flotilla.shipper.cli;

import dev.flotilla.shipper.config.AgentConfig;
import dev.flotilla.shipper.config.ConfigException;
import dev.flotilla.shipper.filebeat.FilebeatYaml;
import dev.flotilla.shipper.io.IoErrors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;

/** {@code logging-agent filebeat-config}: the filebeat.yml equivalent to an agent configuration. */
@Command(name = "filebeat-config", mixinStandardHelpOptions = true,
        description = {"Write the filebeat.yml that does what this agent's configuration does (filestream inputs with"
                + " the same stable ids, multiline parsers, container.name from the path, output.logstash).",
            "Reads the same options as run: --config agent.yml, or --root DIR --logstash HOST:PORT."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:written", "1:could not write the file", "2:invalid option or configuration"})
public final class FilebeatConfigCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE", description = "Where to write filebeat.yml (default: standard output).")
    Path out;

    @Override
    public Integer call() {
        AgentConfig config;
        try {
            config = options.load(spec.commandLine());
        } catch (ConfigException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return ExitCodes.USAGE;
        }
        String yaml = FilebeatYaml.render(config);
        if (out == null) {
            spec.commandLine().getOut().print(yaml);
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
        try {
            Path abs = out.toAbsolutePath();
            Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
            Files.writeString(tmp, yaml, StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            spec.commandLine().getErr().println("logging-agent: wrote " + abs);
            return ExitCodes.OK;
        } catch (IOException e) {
            spec.commandLine().getErr().println("logging-agent: cannot write " + out + ": " + IoErrors.describe(e));
            return ExitCodes.FAILED;
        }
    }
}
