package dev.flotilla.tomcat.logback;

import ch.qos.logback.core.PropertyDefinerBase;
import dev.flotilla.tomcat.hostname.HostNameResolver;
import dev.flotilla.tomcat.hostname.Resolution;

/**
 * Gives {@code logback.xml} the replica's log folder name whatever order the servlet initializers ran in:
 * {@code <define name="hostName" class="dev.flotilla.tomcat.logback.HostNameDefiner"/>}. A {@code <define>} is a
 * LOCAL property, so it wins over Logback's built-in {@code HOSTNAME}, which {@code ${hostName}} otherwise means
 * (Logback compares that key case-insensitively). Same resolution as the initializers; never throws.
 */
public class HostNameDefiner extends PropertyDefinerBase {
    @Override
    public String getPropertyValue() {
        Resolution r = HostNameResolver.resolveSystem();
        if (r.notes().isEmpty()) {
            addInfo("flotilla tomcat-support: " + r.describe());
        } else {
            addWarn("flotilla tomcat-support: " + r.describe());
        }
        return r.value();
    }
}
