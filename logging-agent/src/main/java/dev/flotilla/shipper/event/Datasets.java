package dev.flotilla.shipper.event;

import java.util.List;
import java.util.Map;

/** {@code event.dataset} from a file name when the input does not set one. */
public final class Datasets {
    public static final String CATALINA = "tomcat.catalina";
    public static final String LOCALHOST = "tomcat.localhost";
    public static final String ACCESS = "tomcat.access";
    public static final String LOGBACK = "app.logback";

    private Datasets() {
    }

    /**
     * File-name prefixes and the dataset each gives, tried in order; any other file is {@link #LOGBACK}.
     * filebeat-config turns the same list into Filebeat conditions.
     */
    public static final List<Map.Entry<String, String>> BY_PREFIX = List.of(
            Map.entry("catalina", CATALINA),
            Map.entry("localhost_access_log", ACCESS),
            Map.entry("localhost.", LOCALHOST));

    public static String forFileName(String fileName) {
        for (Map.Entry<String, String> rule : BY_PREFIX) {
            if (fileName.startsWith(rule.getKey())) {
                return rule.getValue();
            }
        }
        return LOGBACK;
    }
}
