package dev.flotilla.shipper.config;

import dev.flotilla.shipper.text.HostPort;

import java.nio.file.Path;
import java.util.List;

/**
 * The configuration for Flotilla's layout, {@code <root>/<container-hostname>/...}: Tomcat's catalina, localhost and
 * access logs and Logback's files, each with its dataset and multiline rule. {@code run --root DIR --logstash
 * HOST:PORT} uses it; {@code templates/agent/agent.yml} is the same text for root {@code /home/ubuntu/logs}.
 */
public final class DefaultLayout {
    private DefaultLayout() {
    }

    /** The YAML text of the default configuration (also what {@code filebeat-config} starts from). */
    public static String yaml(Path root, List<HostPort> hosts, Path registry, int httpPort) {
        String r = root.toAbsolutePath().normalize().toString();
        if (r.endsWith("/")) {
            r = r.substring(0, r.length() - 1);
        }
        StringBuilder hostList = new StringBuilder();
        for (HostPort h : hosts) {
            hostList.append(hostList.length() == 0 ? "" : ", ").append('"').append(h).append('"');
        }
        return """
                # logging-agent: Flotilla's layout, one folder per container under %1$s
                inputs:
                  - id: tomcat-catalina
                    paths: ["%1$s/*/catalina*.log"]
                    exclude_files: ['\\.gz$']
                    dataset: tomcat.catalina
                    multiline: {preset: tomcat_juli}
                  - id: tomcat-localhost
                    paths: ["%1$s/*/localhost.*.log"]
                    exclude_files: ['\\.gz$']
                    dataset: tomcat.localhost
                    multiline: {preset: tomcat_juli}
                  - id: tomcat-access
                    paths: ["%1$s/*/localhost_access_log*.txt"]
                    exclude_files: ['\\.gz$']
                    dataset: tomcat.access
                  - id: app-logback
                    paths: ["%1$s/*/*.log"]
                    exclude_files: ['/(catalina|localhost|manager|host-manager)[^/]*$', '\\.gz$']
                    dataset: app.logback
                    multiline: {preset: logback}
                output.logstash:
                  hosts: [%2$s]
                registry.path: "%3$s"
                http.port: %4$d
                """.formatted(r, hostList, registry.toAbsolutePath().normalize(), httpPort);
    }

    public static AgentConfig config(Path root, List<HostPort> hosts, Path registry, int httpPort) {
        return ConfigLoader.parse(yaml(root, hosts, registry, httpPort), "the default layout for --root " + root, null);
    }
}
