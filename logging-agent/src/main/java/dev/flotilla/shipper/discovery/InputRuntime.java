package dev.flotilla.shipper.discovery;

import dev.flotilla.shipper.config.InputConfig;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * An input's globs made usable: which folders to watch and scan (the part of each glob before its first wildcard),
 * how deep to go, whether a path is matched, and which folder names its container.
 */
public final class InputRuntime {
    private static final int MAX_DEPTH_FOR_DOUBLE_STAR = 8;
    private final InputConfig config;
    private final List<Glob> globs = new ArrayList<>();

    /** One glob: its static base folder, how many path segments below it a match has, and its matcher. */
    public record Glob(Path base, int depth, PathMatcher matcher, String text) {
    }

    public InputRuntime(InputConfig config) {
        this.config = config;
        for (String g : config.paths()) {
            globs.add(compile(g));
        }
    }

    static Glob compile(String glob) {
        String[] parts = glob.split("/");
        StringBuilder base = new StringBuilder();
        int i = 1;
        for (; i < parts.length; i++) {
            if (hasWildcard(parts[i])) {
                break;
            }
            if (i == parts.length - 1) {
                break;
            }
            base.append('/').append(parts[i]);
        }
        int depth = parts.length - i;
        if (glob.contains("**")) {
            depth = MAX_DEPTH_FOR_DOUBLE_STAR;
        }
        Path b = Path.of(base.length() == 0 ? "/" : base.toString());
        return new Glob(b, depth, FileSystems.getDefault().getPathMatcher("glob:" + glob), glob);
    }

    private static boolean hasWildcard(String segment) {
        for (char c : segment.toCharArray()) {
            if (c == '*' || c == '?' || c == '[' || c == '{') {
                return true;
            }
        }
        return false;
    }

    public InputConfig config() {
        return config;
    }

    public String id() {
        return config.id();
    }

    public List<Glob> globs() {
        return globs;
    }

    /** True when a glob matches and no {@code exclude_files} pattern does. */
    public boolean matches(Path path) {
        String text = path.toString();
        if (config.excluded(text)) {
            return false;
        }
        for (Glob g : globs) {
            if (g.matcher().matches(path)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The folder that names the container of a file: the first folder below the glob's base when the file lies
     * deeper ({@code <root>/<container>/...}), otherwise the file's own folder.
     */
    public Path containerFolder(Path file) {
        for (Glob g : globs) {
            Path base = g.base();
            if (file.startsWith(base) && file.getNameCount() > base.getNameCount() + 1) {
                return base.resolve(file.getName(base.getNameCount()));
            }
        }
        return file.getParent();
    }
}
