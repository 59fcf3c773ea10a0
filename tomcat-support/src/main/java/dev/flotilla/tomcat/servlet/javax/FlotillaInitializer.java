package dev.flotilla.tomcat.servlet.javax;

import dev.flotilla.tomcat.hostname.StartupReport;
import java.util.Set;
import javax.servlet.ServletContainerInitializer;
import javax.servlet.ServletContext;

/**
 * Tomcat 9 (javax.servlet): sets {@code custom.hostname} and {@code hostName} where absent, before Logback's own
 * initializer runs (the jar's web-fragment orders it first). Never throws: a problem is logged, the application starts.
 */
public final class FlotillaInitializer implements ServletContainerInitializer {
    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) {
        try {
            StartupReport report = StartupReport.runSystem();
            for (String line : report.info()) {
                context.log(line);
            }
            for (String line : report.warnings()) {
                context.log(line);
                System.err.println(line);
            }
        } catch (RuntimeException | LinkageError e) {
            String line = StartupReport.WHO + "could not set the host name properties (" + e
                    + "); the application starts, but logs may land in the shared folder";
            context.log(line);
            System.err.println(line);
        }
    }
}
