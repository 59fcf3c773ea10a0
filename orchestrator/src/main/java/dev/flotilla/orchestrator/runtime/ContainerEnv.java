package dev.flotilla.orchestrator.runtime;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The environment handed to the engine. The engine keeps the image's variables and lets ours override them, so
 * we pass the user's; for a service with a log dir we also pass {@code CATALINA_OPTS} with
 * {@code -Dcustom.hostname=<h> -DhostName=<h>} appended to what the user set or, failing that, what the image set,
 * so an unmodified Tomcat writes into its own folder.
 */
public final class ContainerEnv {
    public static final String CATALINA_OPTS = "CATALINA_OPTS";

    private ContainerEnv() {
    }

    public static List<String> build(Map<String, String> userEnv, List<String> imageEnv, String hostname, boolean logDir) {
        List<String> out = new ArrayList<>(userEnv.size() + 1);
        userEnv.forEach((k, v) -> {
            if (!(logDir && k.equals(CATALINA_OPTS))) {
                out.add(k + "=" + v);
            }
        });
        if (logDir) {
            String base = userEnv.containsKey(CATALINA_OPTS) ? userEnv.get(CATALINA_OPTS) : imageValue(imageEnv, CATALINA_OPTS);
            String flags = "-Dcustom.hostname=" + hostname + " -DhostName=" + hostname;
            out.add(CATALINA_OPTS + "=" + (base == null || base.isBlank() ? flags : base.strip() + " " + flags));
        }
        return out;
    }

    static String imageValue(List<String> imageEnv, String name) {
        String prefix = name + "=";
        String value = null;
        for (String entry : imageEnv) {
            if (entry.startsWith(prefix)) {
                value = entry.substring(prefix.length());
            }
        }
        return value;
    }
}
