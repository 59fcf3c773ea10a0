package dev.flotilla.shipper.cli;

import dev.flotilla.shipper.config.AgentConfig;
import dev.flotilla.shipper.config.ConfigLoader;
import dev.flotilla.shipper.config.DefaultLayout;
import dev.flotilla.shipper.config.HttpConfig;
import dev.flotilla.shipper.config.RegistryConfig;
import dev.flotilla.shipper.text.HostPort;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the configuration comes from, shared by {@code run} and {@code filebeat-config}: a file ({@code --config}),
 * or the default layout ({@code --root} and {@code --logstash}).
 */
public final class ConfigOptions {
    @Option(names = {"-c", "--config"}, paramLabel = "FILE", description = "agent.yml (Filebeat's vocabulary; see templates/agent/agent.yml).")
    Path config;

    @Option(names = "--root", paramLabel = "DIR", description = "Default layout: the folder holding one folder per container (<root>/<container-hostname>/...).")
    Path root;

    @Option(names = "--logstash", paramLabel = "HOST:PORT", split = ",", description = "Default layout: Logstash Beats endpoint(s), e.g. logstash:5044.")
    List<String> logstash = new ArrayList<>();

    @Option(names = "--registry", paramLabel = "DIR", description = "Default layout: where offsets are kept (default: ./data/registry).")
    Path registry;

    @Option(names = "--http-port", paramLabel = "PORT", description = "Default layout: port of /metrics on 127.0.0.1 (default: 5066; 0 picks a free one).")
    Integer httpPort;

    /** Loads and validates the configuration, or throws a ParameterException / ConfigException saying what to fix. */
    AgentConfig load(CommandLine cmd) {
        boolean layout = root != null || !logstash.isEmpty() || registry != null || httpPort != null;
        if (config != null && layout) {
            throw new CommandLine.ParameterException(cmd, "give either --config FILE, or --root DIR with --logstash HOST:PORT; not both"
                    + " (put registry.path and http.port in the file instead)");
        }
        if (config != null) {
            return ConfigLoader.load(config);
        }
        if (root == null || logstash.isEmpty()) {
            throw new CommandLine.ParameterException(cmd, "missing configuration: give --config agent.yml, or --root DIR and"
                    + " --logstash HOST:PORT for the default layout (<root>/<container-hostname>/...)");
        }
        List<HostPort> hosts = new ArrayList<>();
        for (String h : logstash) {
            try {
                hosts.add(HostPort.parse(h));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(cmd, "--logstash: " + e.getMessage());
            }
        }
        if (httpPort != null && (httpPort < 0 || httpPort > 65535)) {
            throw new CommandLine.ParameterException(cmd, "--http-port: " + httpPort + " is outside 0-65535");
        }
        return DefaultLayout.config(root, hosts, registry == null ? RegistryConfig.DEFAULT_PATH : registry,
                httpPort == null ? HttpConfig.DEFAULT_PORT : httpPort);
    }
}
