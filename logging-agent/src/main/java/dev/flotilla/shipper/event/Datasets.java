package dev.flotilla.shipper.event;

/** {@code event.dataset} from a file name when the input does not set one. */
public final class Datasets {
    public static final String CATALINA = "tomcat.catalina";
    public static final String LOCALHOST = "tomcat.localhost";
    public static final String ACCESS = "tomcat.access";
    public static final String LOGBACK = "app.logback";

    private Datasets() {
    }

    public static String forFileName(String fileName) {
        if (fileName.startsWith("catalina")) {
            return CATALINA;
        }
        if (fileName.startsWith("localhost_access_log")) {
            return ACCESS;
        }
        if (fileName.startsWith("localhost.") || fileName.equals("localhost.log")) {
            return LOCALHOST;
        }
        return LOGBACK;
    }
}
