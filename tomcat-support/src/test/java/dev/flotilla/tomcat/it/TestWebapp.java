package dev.flotilla.tomcat.it;

import dev.flotilla.tomcat.it.app.JakartaHelloServlet;
import dev.flotilla.tomcat.it.app.JavaxHelloServlet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Builds the small exploded webapp the integration tests deploy: one servlet logging through SLF4J, Logback (with its
 * own servlet initializer) and the drop-in jar in WEB-INF/lib, a logback.xml in WEB-INF/classes.
 */
final class TestWebapp {
    enum Flavor {
        JAVAX("webapp-javax", JavaxHelloServlet.class, "http://xmlns.jcp.org/xml/ns/javaee", "4.0"),
        JAKARTA("webapp-jakarta", JakartaHelloServlet.class, "https://jakarta.ee/xml/ns/jakartaee", "5.0");

        final String deps;
        final Class<?> servlet;
        final String namespace;
        final String version;

        Flavor(String deps, Class<?> servlet, String namespace, String version) {
            this.deps = deps;
            this.servlet = servlet;
            this.namespace = namespace;
            this.version = version;
        }
    }

    /** A logback.xml written the manual way (no definer): only right when our initializer runs before Logback's. */
    static final String MANUAL_LOGBACK = "<configuration>\n"
            + "  <appender name=\"DEBUG\" class=\"ch.qos.logback.core.FileAppender\">\n"
            + "    <file>${catalina.base}/logs/${custom.hostname}/debug.log</file>\n"
            + "    <encoder><pattern>%d %-5level %logger - %msg%n</pattern></encoder>\n"
            + "  </appender>\n"
            + "  <root level=\"DEBUG\"><appender-ref ref=\"DEBUG\"/></root>\n"
            + "</configuration>\n";

    private TestWebapp() {
    }

    /** The template logback.xml (the definer, one file per level). */
    static String templateLogback() throws IOException {
        return Files.readString(ItPaths.templates().resolve("logback/logback.xml"));
    }

    static Path build(Path dir, Flavor flavor, String logbackXml) throws IOException {
        Path webInf = dir.resolve("WEB-INF");
        Path lib = Files.createDirectories(webInf.resolve("lib"));
        Path classes = Files.createDirectories(webInf.resolve("classes"));
        for (Path jar : ItPaths.jars(ItPaths.deps(flavor.deps))) {
            Files.copy(jar, lib.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        }
        Files.copy(ItPaths.jar(), lib.resolve("tomcat-support.jar"), StandardCopyOption.REPLACE_EXISTING);
        String classFile = flavor.servlet.getName().replace('.', '/') + ".class";
        Path target = classes.resolve(classFile);
        Files.createDirectories(target.getParent());
        Files.copy(ItPaths.testClasses().resolve(classFile), target, StandardCopyOption.REPLACE_EXISTING);
        Files.writeString(classes.resolve("logback.xml"), logbackXml);
        Files.writeString(webInf.resolve("web.xml"), webXml(flavor));
        return dir;
    }

    private static String webXml(Flavor f) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<web-app xmlns=\"" + f.namespace + "\" version=\"" + f.version + "\">\n"
                + "  <servlet><servlet-name>hello</servlet-name><servlet-class>" + f.servlet.getName()
                + "</servlet-class></servlet>\n"
                + "  <servlet-mapping><servlet-name>hello</servlet-name><url-pattern>/hello</url-pattern></servlet-mapping>\n"
                + "</web-app>\n";
    }
}
