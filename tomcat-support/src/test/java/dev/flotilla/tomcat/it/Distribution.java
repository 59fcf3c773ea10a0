package dev.flotilla.tomcat.it;

import dev.flotilla.testkit.Await;
import dev.flotilla.testkit.ChildJvm;
import dev.flotilla.testkit.Ports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** A real Tomcat distribution (the tarball from Maven Central) unpacked once, with CATALINA_BASEs made from it. */
final class Distribution {
    final Path home;

    private Distribution(Path home) {
        this.home = home;
    }

    static Distribution unpack(String major, Path into) throws Exception {
        Path tarball = ItPaths.deps("dist").resolve("tomcat-" + major + ".tar.gz");
        Files.createDirectories(into);
        Result r = exec(List.of("tar", "-C", into.toString(), "-xzf", tarball.toString()), Map.of(), 60);
        if (r.code != 0) {
            throw new AssertionError("cannot unpack " + tarball + ": " + r.output);
        }
        try (Stream<Path> s = Files.list(into)) {
            return new Distribution(s.filter(p -> p.getFileName().toString().startsWith("apache-tomcat-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no apache-tomcat-* folder in " + tarball)));
        }
    }

    /**
     * A CATALINA_BASE with the distribution's conf, its logs folder a symbolic link to {@code sharedLogs} (as a bind
     * mount would be), HTTP on 127.0.0.1 and a free port, no shutdown port, and the given webapp at /app.
     */
    Path newBase(Path base, Path sharedLogs, Path webapp, int httpPort) throws IOException {
        for (String d : new String[] {"bin", "webapps/ROOT", "work", "temp"}) {
            Files.createDirectories(base.resolve(d));
        }
        copyTree(home.resolve("conf"), base.resolve("conf"));
        Files.createDirectories(sharedLogs);
        Files.createSymbolicLink(base.resolve("logs"), sharedLogs);
        Files.writeString(base.resolve("webapps/ROOT/index.html"), "root");
        copyTree(webapp, base.resolve("webapps/app"));
        Path server = base.resolve("conf/server.xml");
        String xml = Files.readString(server)
                .replace("<Server port=\"8005\"", "<Server port=\"-1\"")
                .replace("<Connector port=\"8080\"", "<Connector address=\"127.0.0.1\" port=\"" + httpPort + "\"");
        Files.writeString(server, xml);
        return base;
    }

    /** {@code catalina.sh run} in the foreground (SIGTERM stops it cleanly), waiting until / answers. */
    ChildJvm start(Path base, int port, Map<String, String> env) {
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("CATALINA_HOME", home.toString());
        all.put("CATALINA_BASE", base.toString());
        all.put("JAVA_HOME", System.getProperty("java.home"));
        all.put("CATALINA_OPTS", "-Xmx160m -XX:+UseSerialGC -XX:TieredStopAtLevel=1");
        ChildJvm tomcat = ChildJvm.exec("catalina-" + base.getFileName(),
                List.of(home.resolve("bin/catalina.sh").toString(), "run"), all, base.resolveSibling(base.getFileName() + ".out"));
        try {
            Await.until("Tomcat in " + base + " answers on " + port, Duration.ofSeconds(90), () -> {
                if (!tomcat.isAlive()) {
                    throw new IllegalStateException("catalina.sh exited");
                }
                return Http.get("http://127.0.0.1:" + port + "/").statusCode() == 200;
            });
        } catch (AssertionError e) {
            String out = tomcat.output();
            tomcat.stop(10);
            throw new AssertionError(e.getMessage() + "\n--- catalina.sh output ---\n" + out, e);
        }
        return tomcat;
    }

    static int freePort() {
        return Ports.free("127.0.0.1");
    }

    /** The drop-in jar run as users run it: {@code java -jar tomcat-support.jar ...}. */
    static Result jar(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", ItPaths.jar().toString()));
        cmd.addAll(List.of(args));
        return exec(cmd, env, 60);
    }

    record Result(int code, String output) {
    }

    static Result exec(List<String> cmd, Map<String, String> env, int timeoutSeconds) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish in " + timeoutSeconds + " s");
        }
        return new Result(p.exitValue(), new String(out, java.nio.charset.StandardCharsets.UTF_8));
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path t = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
