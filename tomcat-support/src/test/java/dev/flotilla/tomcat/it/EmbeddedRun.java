package dev.flotilla.tomcat.it;

import dev.flotilla.testkit.Await;
import dev.flotilla.testkit.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One embedded Tomcat in its own JVM with its own class path (the Tomcat lines conflict on one class path). */
final class EmbeddedRun implements AutoCloseable {
    private static final Pattern PORT = Pattern.compile("^PORT (\\d+)$", Pattern.MULTILINE);

    /** A Tomcat line: its jar folder and the servlet API its webapps use. */
    enum Line {
        TOMCAT9("tomcat9", TestWebapp.Flavor.JAVAX),
        TOMCAT10("tomcat10", TestWebapp.Flavor.JAKARTA),
        TOMCAT11("tomcat11", TestWebapp.Flavor.JAKARTA);

        final String deps;
        final TestWebapp.Flavor flavor;

        Line(String deps, TestWebapp.Flavor flavor) {
            this.deps = deps;
            this.flavor = flavor;
        }
    }

    final ChildJvm jvm;
    final int port;

    private EmbeddedRun(ChildJvm jvm, int port) {
        this.jvm = jvm;
        this.port = port;
    }

    /**
     * Starts the app. {@code withHelper}: the main class calls EmbeddedTomcatLogs first (our classes on the class
     * path); otherwise only the webapp's copy of the jar is present, as in a plain WEB-INF/lib deployment.
     */
    static EmbeddedRun start(Line line, boolean withHelper, Path base, Path webapp, List<String> jvmArgs,
                             Map<String, String> env, List<String> envRemoved) {
        List<Path> cp = new ArrayList<>(List.of(ItPaths.testClasses()));
        if (withHelper) {
            cp.add(ItPaths.mainClasses());
        }
        List<String> args = new ArrayList<>(List.of("-Xmx160m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        args.addAll(jvmArgs);
        String main = withHelper ? EmbeddedAppWithHelper.class.getName() : EmbeddedApp.class.getName();
        ChildJvm jvm = ChildJvmEnv.start(line.name().toLowerCase(), ItPaths.classpath(cp, line.deps), args, main,
                List.of(base.toString(), webapp.toString()), env, envRemoved, base.resolveSibling(base.getFileName() + ".out"));
        try {
            String port = Await.value(line + " embedded Tomcat prints PORT", Duration.ofSeconds(60), () -> {
                if (!jvm.isAlive()) {
                    throw new IllegalStateException("exited early");
                }
                Matcher m = PORT.matcher(jvm.output());
                return m.find() ? m.group(1) : null;
            });
            return new EmbeddedRun(jvm, Integer.parseInt(port));
        } catch (AssertionError e) {
            String out = jvm.output();
            jvm.stop(5);
            throw new AssertionError(e.getMessage() + "\n--- child output ---\n" + out, e);
        }
    }

    String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** SIGTERM: Tomcat stops cleanly and flushes the access log. */
    @Override
    public void close() {
        jvm.stop(20);
    }
}
