package dev.flotilla.tomcat.install;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

/** One file install would write: its path, old content (null for a new file), new content and why. */
final class FileChange {
    final Path target;
    final String label;
    final String before;
    final String after;
    final List<String> reasons;

    FileChange(Path target, String label, String before, String after, List<String> reasons) {
        this.target = target;
        this.label = label;
        this.before = before;
        this.after = after;
        this.reasons = Collections.unmodifiableList(reasons);
    }

    boolean changes() {
        return before == null || !before.equals(after);
    }
}
