package dev.flotilla.orchestrator.spec;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Where a service's {@code --log-dir} lands on the node: under the bind mount whose target holds it. */
public final class LogDirs {
    private LogDirs() {
    }

    /** The mount with the deepest target that contains {@code logDir} (or is it). */
    public static Optional<MountSpec> mountFor(String logDir, List<MountSpec> mounts) {
        return mounts.stream()
                .filter(m -> contains(m.target(), logDir))
                .max(Comparator.comparingInt(m -> m.target().length()));
    }

    /** {@code logDir} relative to the mount target: "" when they are equal, else "a/b". */
    public static String relative(String mountTarget, String logDir) {
        return logDir.equals(mountTarget) ? "" : logDir.substring(mountTarget.length() + 1);
    }

    static boolean contains(String target, String dir) {
        return dir.equals(target) || dir.startsWith(target + "/");
    }
}
