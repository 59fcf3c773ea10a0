package dev.flotilla.tomcat.hostname;

import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.Map;

/** Lookups for pure tests: values set per test, null means absent, an exception means the call fails. */
final class FakeLookups implements Lookups {
    final Map<String, String> props = new HashMap<>();
    final Map<String, String> env = new HashMap<>();
    String localHostName;
    Exception localHostFailure;
    String nonLoopback;

    @Override
    public String systemProperty(String name) {
        return props.get(name);
    }

    @Override
    public String environment(String name) {
        return env.get(name);
    }

    @Override
    public String localHostName() throws Exception {
        if (localHostFailure != null) {
            throw localHostFailure;
        }
        return localHostName;
    }

    @Override
    public String firstNonLoopbackAddress() {
        return nonLoopback;
    }

    FakeLookups unresolvable(String name) {
        localHostFailure = new UnknownHostException(name + ": Name or service not known");
        return this;
    }
}
