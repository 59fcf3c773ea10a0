package dev.flotilla.tomcat.hostname;

/** Where a host name came from, in the order they are tried. */
public enum Source {
    SYSTEM_PROPERTY("system property " + HostNames.CUSTOM_HOSTNAME),
    ENV_HOSTNAME("environment variable HOSTNAME"),
    LOCAL_HOST_NAME("InetAddress.getLocalHost().getHostName()"),
    NON_LOOPBACK_ADDRESS("first non-loopback network address"),
    FALLBACK("fallback name");

    private final String description;

    Source(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
