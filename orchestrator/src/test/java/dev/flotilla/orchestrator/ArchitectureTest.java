package dev.flotilla.orchestrator;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The package layout as a rule (docs/architecture.md draws it): every package sits on a level, and code only
 * uses packages on lower levels. A new upward import fails this test, with the offending line.
 */
class ArchitectureTest {
    private static final String BASE = "dev.flotilla.orchestrator";
    /** Lowest first. Two packages on one level do not use each other. */
    static final List<List<String>> LEVELS = List.of(
            List.of("template", "pki"),
            List.of("spec"),
            List.of("api"),
            List.of("state"),
            List.of("scheduler"),
            List.of("reconcile"),
            List.of("store", "json"),
            List.of("security", "wire", "tls"),
            List.of("raft"),
            List.of("identity"),
            List.of("client", "runtime"),
            List.of("runtime.docker"),
            List.of("agent"),
            List.of("dispatcher"),
            List.of("control"),
            List.of("leader"),
            List.of("http", "ui"),
            List.of("daemon"),
            List.of("cli"));

    private static final JavaClasses MAIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages(BASE);

    static String packageOf(JavaClass c) {
        String p = c.getPackageName();
        return p.equals(BASE) ? "" : p.substring(BASE.length() + 1);
    }

    static int level(String pkg) {
        for (int i = 0; i < LEVELS.size(); i++) {
            if (LEVELS.get(i).contains(pkg)) {
                return i;
            }
        }
        return -1;
    }

    private static final ArchCondition<JavaClass> ONLY_USE_LOWER_LEVELS =
            new ArchCondition<>("only use packages on lower levels") {
                @Override
                public void check(JavaClass c, ConditionEvents events) {
                    String from = packageOf(c);
                    for (Dependency d : c.getDirectDependenciesFromSelf()) {
                        JavaClass target = d.getTargetClass();
                        if (!target.getPackageName().startsWith(BASE)) {
                            continue;
                        }
                        String to = packageOf(target);
                        if (!to.equals(from) && level(to) >= level(from)) {
                            events.add(SimpleConditionEvent.violated(d, from + " (level " + level(from) + ") uses "
                                    + to + " (level " + level(to) + "): " + d.getDescription()));
                        }
                    }
                }
            };

    @Test
    void everyPackageHasALevel() {
        Set<String> packages = MAIN.stream().map(ArchitectureTest::packageOf).collect(Collectors.toSet());
        assertThat(packages).as("packages with no level in LEVELS: add them there and to docs/architecture.md")
                .allMatch(p -> level(p) >= 0);
    }

    @Test
    void packagesOnlyUseLowerLevels() {
        classes().should(ONLY_USE_LOWER_LEVELS).check(MAIN);
    }

    @Test
    void ratisTypesStayInRaftAndDockerJavaTypesInTheDockerRuntime() {
        noClasses().that().resideOutsideOfPackage(BASE + ".raft").should().dependOnClassesThat()
                .resideInAPackage("org.apache.ratis..").check(MAIN);
        noClasses().that().resideOutsideOfPackage(BASE + ".runtime.docker").should().dependOnClassesThat()
                .resideInAPackage("com.github.dockerjava..").check(MAIN);
    }

    @Test
    void thePureCoreDoesNoIo() {
        noClasses().that().resideInAnyPackage(BASE + ".state", BASE + ".scheduler", BASE + ".reconcile")
                .should().dependOnClassesThat().resideInAnyPackage("java.net..", "java.nio.file..", "java.io..",
                        "org.slf4j..")
                .orShould().dependOnClassesThat().areAssignableTo(Thread.class).check(MAIN);
    }

    /**
     * One simple name, one type, across the deliverables' main sources: a reader who sees {@code Agent} should not
     * have to check which one. The allowed pairs are the same concept on both sides of a module boundary.
     */
    @Test
    void noSimpleNameNamesTwoTypes() throws IOException {
        Set<String> allowed = Set.of("Main", "ExitCodes", "TaskMetadata", "FlotillaInitializer");
        Map<String, List<String>> byName = new TreeMap<>();
        Path root = Path.of("..").toAbsolutePath().normalize();
        for (String module : List.of("orchestrator", "logging-agent", "tomcat-support")) {
            Path src = root.resolve(module).resolve("src/main/java");
            assertThat(src).as("main sources of " + module).isDirectory();
            try (Stream<Path> files = Files.walk(src)) {
                files.filter(f -> f.toString().endsWith(".java")).forEach(f -> byName
                        .computeIfAbsent(f.getFileName().toString().replace(".java", ""), k -> new ArrayList<>())
                        .add(root.relativize(f).toString()));
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
        }
        Map<String, List<String>> repeated = new TreeMap<>();
        byName.forEach((name, paths) -> {
            if (paths.size() > 1 && !allowed.contains(name)) {
                repeated.put(name, paths);
            }
        });
        assertThat(repeated).as("simple names used by more than one type").isEmpty();
    }
}
