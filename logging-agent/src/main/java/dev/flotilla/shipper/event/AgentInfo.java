package dev.flotilla.shipper.event;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.UUID;

/**
 * The agent as events describe it: {@code agent.*}, {@code host.name} and {@code [@metadata][beat]}.
 *
 * @param id          stable across restarts (kept next to the registry)
 * @param ephemeralId new at every start
 * @param index       the index root name Logstash sees as {@code [@metadata][beat]}
 */
public record AgentInfo(String name, String hostName, String version, String id, String ephemeralId, String index) {
    public static final String TYPE = "logging-agent";
    public static final String ECS_VERSION = "8.11.0";

    public static AgentInfo create(String name, String id, String index) {
        return new AgentInfo(name, name, buildVersion(), id, UUID.randomUUID().toString(), index);
    }

    /** The version the build wrote into {@code logging-agent.properties}. */
    public static String buildVersion() {
        try (InputStream in = AgentInfo.class.getResourceAsStream("/logging-agent.properties")) {
            if (in == null) {
                return "dev";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "dev");
        } catch (IOException e) {
            return "dev";
        }
    }
}
