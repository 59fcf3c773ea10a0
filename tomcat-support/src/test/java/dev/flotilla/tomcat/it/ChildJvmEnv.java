package dev.flotilla.tomcat.it;

import dev.flotilla.testkit.ChildJvm;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Child processes whose environment tests control fully: ChildJvm adds variables, this also removes inherited
 * ones (HOSTNAME from the test's own shell must not leak into a test about HOSTNAME).
 */
final class ChildJvmEnv {
    private ChildJvmEnv() {
    }

    static ChildJvm start(String name, String classpath, List<String> jvmArgs, String mainClass, List<String> args,
                          Map<String, String> env, List<String> removed, Path log) {
        List<String> cmd = new ArrayList<>();
        if (!removed.isEmpty()) {
            cmd.add("env");
            for (String r : removed) {
                cmd.add("-u");
                cmd.add(r);
            }
        }
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
        cmd.addAll(args);
        return ChildJvm.exec(name, cmd, env, log);
    }
}
