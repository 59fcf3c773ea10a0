package dev.flotilla.tomcat.it;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Where the build put what the integration tests need (set by the module pom's failsafe configuration). */
final class ItPaths {
    private ItPaths() {
    }

    static Path path(String property) {
        String v = System.getProperty(property);
        if (v == null) {
            throw new AssertionError("system property " + property + " is not set: run the integration tests through"
                    + " Maven (mvn -pl tomcat-support verify), which prepares the jars and sets it");
        }
        Path p = Path.of(v).toAbsolutePath().normalize();
        if (!Files.exists(p)) {
            throw new AssertionError(p + " does not exist: run mvn -pl tomcat-support verify (it builds the jar and"
                    + " copies the Tomcat and Logback jars the tests need)");
        }
        return p;
    }

    static Path jar() {
        return path("flotilla.jar");
    }

    static Path templates() {
        return path("flotilla.templates");
    }

    static Path deps(String folder) {
        return path("flotilla.itDeps").resolve(folder);
    }

    static Path testClasses() {
        return path("flotilla.testClasses");
    }

    static Path mainClasses() {
        return testClasses().resolveSibling("classes");
    }

    /** A class path: the given folders/jars plus every jar in the given dependency folders. */
    static String classpath(List<Path> entries, String... depFolders) {
        StringBuilder cp = new StringBuilder();
        for (Path e : entries) {
            cp.append(cp.length() == 0 ? "" : File.pathSeparator).append(e);
        }
        for (String folder : depFolders) {
            for (Path jar : jars(deps(folder))) {
                cp.append(File.pathSeparator).append(jar);
            }
        }
        return cp.toString();
    }

    static List<Path> jars(Path folder) {
        try (Stream<Path> s = Files.list(folder)) {
            return s.filter(p -> p.toString().endsWith(".jar")).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new AssertionError("cannot list " + folder, e);
        }
    }
}
