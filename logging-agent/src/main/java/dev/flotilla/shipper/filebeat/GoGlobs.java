package dev.flotilla.shipper.filebeat;

import java.util.ArrayList;
import java.util.List;

/**
 * The agent's globs (Java's syntax) as Filebeat's (Go's {@code filepath.Glob}): Go has no {@code {a,b}} groups, so
 * each group becomes one path per alternative, and Java's negated class {@code [!x]} is written {@code [^x]}.
 * {@code *}, {@code ?}, {@code [a-z]} and {@code **} (Filebeat's recursive_glob) mean the same in both.
 */
final class GoGlobs {
    private GoGlobs() {
    }

    static List<String> translate(String javaGlob) {
        List<String> out = new ArrayList<>();
        expand(javaGlob.replace("[!", "[^"), out);
        return out;
    }

    /** Java's globs cannot nest groups, so the first '{' pairs with the next '}'. */
    private static void expand(String glob, List<String> out) {
        int open = glob.indexOf('{');
        int close = open < 0 ? -1 : glob.indexOf('}', open);
        if (close < 0) {
            out.add(glob);
            return;
        }
        String head = glob.substring(0, open);
        String tail = glob.substring(close + 1);
        for (String alternative : glob.substring(open + 1, close).split(",", -1)) {
            expand(head + alternative + tail, out);
        }
    }
}
