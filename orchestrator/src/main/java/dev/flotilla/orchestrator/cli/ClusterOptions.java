package dev.flotilla.orchestrator.cli;

import dev.flotilla.orchestrator.client.ApiClient;
import dev.flotilla.orchestrator.client.ClientConfig;
import dev.flotilla.orchestrator.daemon.NodeOptions;
import dev.flotilla.orchestrator.pki.Pem;
import dev.flotilla.orchestrator.spec.Addresses;
import dev.flotilla.orchestrator.tls.ClientTls;
import dev.flotilla.orchestrator.tls.PeerCheck;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Options shared by every command that talks to the cluster: which config file holds the credential and the
 * managers, and optional manager addresses to try first. After a call, the managers' own list is saved back.
 */
public final class ClusterOptions {
    /** Long enough for a manager to report a lost quorum (it gives up after 1.5 s), short enough not to hang. */
    static final Duration ATTEMPT = Duration.ofMillis(4000);

    @Option(names = "--config", paramLabel = "FILE",
            description = "Config file with the credential and the managers (default: $FLOTILLA_CONFIG, else ~/.flotilla/config.json).")
    String config;

    @Option(names = {"-H", "--host"}, paramLabel = "HOST:PORT",
            description = "Manager to talk to first (repeatable); the others from the config are tried next.")
    List<String> hosts = new ArrayList<>();

    private ApiClient client;
    private ClientConfig loaded;

    Path configPath() {
        return ClientConfig.defaultPath(config);
    }

    ClientConfig loadConfig() {
        if (loaded == null) {
            try {
                loaded = ClientConfig.load(configPath());
            } catch (IOException e) {
                throw new CliError(ExitCodes.USAGE, e.getMessage());
            }
        }
        return loaded;
    }

    ApiClient client() {
        if (client == null) {
            if (!java.nio.file.Files.exists(configPath())) {
                throw new CliError(ExitCodes.USAGE, "the config file " + configPath() + " does not exist: `flotilla"
                        + " init` writes it on the first manager; copy it here, or point --config or FLOTILLA_CONFIG"
                        + " at it");
            }
            ClientConfig c = loadConfig();
            List<String> managers = new ArrayList<>();
            hosts.forEach(h -> managers.add(Addresses.withDefaultPort(h, NodeOptions.DEFAULT_API_PORT)));
            managers.addAll(c.managers());
            if (managers.isEmpty()) {
                throw new CliError(ExitCodes.USAGE, "no manager to talk to: " + configPath() + " lists none. Run"
                        + " `flotilla init` on this machine, pass --host MANAGER:PORT, or point --config at the config"
                        + " written by init");
            }
            if (c.credential() == null || c.credential().isBlank()) {
                throw new CliError(ExitCodes.DENIED, "no credential in " + configPath() + ": the administrator's"
                        + " credential is written there by `flotilla init`. Copy that file here, or point --config or"
                        + " FLOTILLA_CONFIG at it");
            }
            client = new ApiClient(managers, trust(c), c.credential(), ATTEMPT);
        }
        return client;
    }

    /**
     * The CLI trusts managers certified by the cluster CA that {@code init} wrote into the config, and sends the
     * administrator's credential only inside that verified connection.
     */
    private ClientTls trust(ClientConfig c) {
        if (c.caCertificate() == null || c.caCertificate().isBlank()) {
            throw new CliError(ExitCodes.USAGE, configPath() + " has no cluster CA certificate, so the CLI cannot"
                    + " verify the managers: it was written by a flotilla without TLS. Use the config that `flotilla"
                    + " init` wrote for this cluster (it holds the CA certificate), or point --config at it");
        }
        try {
            return ClientTls.trusting(Pem.certificates(c.caCertificate()), PeerCheck.manager());
        } catch (IllegalArgumentException e) {
            throw new CliError(ExitCodes.USAGE, "the cluster CA certificate in " + configPath() + " is damaged ("
                    + e.getMessage() + "); use the config written by `flotilla init`");
        }
    }

    /** Saves the manager list the cluster reported, the one that answered first, if it changed. */
    void remember() {
        if (client == null || client.lastManager() == null) {
            return;
        }
        ClientConfig c = loadConfig();
        List<String> known = new ArrayList<>();
        known.add(client.lastManager());
        client.knownManagers().stream().filter(m -> !known.contains(m)).forEach(known::add);
        if (!known.equals(c.managers())) {
            try {
                // read again: another command (ca --rotate, join-token --rotate) may have changed the file since
                loaded = ClientConfig.load(configPath()).withManagers(known);
                loaded.save(configPath());
            } catch (IOException e) {
                throw new UncheckedIOException("could not update " + configPath() + ": " + e.getMessage(), e);
            }
        }
    }
}
