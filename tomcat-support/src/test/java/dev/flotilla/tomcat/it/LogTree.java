package dev.flotilla.tomcat.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Assertions over a logs/ folder. */
final class LogTree {
    private LogTree() {
    }

    /** Every file below root, relative, sorted. */
    static List<String> files(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(Files::isRegularFile).map(p -> root.relativize(p).toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new AssertionError("cannot list " + root, e);
        }
    }

    /** Every path below root (files and folders), relative. */
    static List<String> all(Path root) {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p).toString()).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new AssertionError("cannot list " + root, e);
        }
    }

    /** Nothing named *_IS_UNDEFINED and nothing named literally ${...} anywhere below root. */
    static void assertNoBrokenNames(Path root) {
        assertThat(all(root)).as("paths under %s", root)
                .noneMatch(p -> p.contains("_IS_UNDEFINED"))
                .noneMatch(p -> p.contains("${"))
                .noneMatch(p -> p.contains("UNKNOWN_LOCALHOST"));
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new AssertionError("cannot read " + p, e);
        }
    }

    /** The one file in folder whose name starts with prefix. */
    static Path one(Path folder, String prefix) {
        try (Stream<Path> s = Files.list(folder)) {
            List<Path> l = s.filter(p -> p.getFileName().toString().startsWith(prefix)).collect(Collectors.toList());
            assertThat(l).as("files starting with %s in %s (all: %s)", prefix, folder, files(folder)).hasSize(1);
            return l.get(0);
        } catch (IOException e) {
            throw new AssertionError("cannot list " + folder, e);
        }
    }
}
