package dev.flotilla.tomcat.install;

import dev.flotilla.tomcat.hostname.Lookups;
import java.util.Map;

/**
 * What {@code check} reads to predict the name Tomcat will use: setenv.sh passes {@code ${HOSTNAME:-$(hostname)}},
 * so the environment's HOSTNAME first, then this machine's name. No system property: check's own JVM has none.
 */
final class EnvLookups implements Lookups {
    private final Map<String, String> env;

    EnvLookups(Map<String, String> env) {
        this.env = env;
    }

    @Override
    public String systemProperty(String name) {
        return null;
    }

    @Override
    public String environment(String name) {
        return env.get(name);
    }

    @Override
    public String localHostName() throws Exception {
        return Lookups.system().localHostName();
    }

    @Override
    public String firstNonLoopbackAddress() throws Exception {
        return Lookups.system().firstNonLoopbackAddress();
    }
}
