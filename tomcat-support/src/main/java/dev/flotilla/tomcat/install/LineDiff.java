package dev.flotilla.tomcat.install;

import java.util.ArrayList;
import java.util.List;

/** A small unified diff (longest common subsequence over lines) for {@code --dry-run}. Pure. */
final class LineDiff {
    private static final int CONTEXT = 2;

    private LineDiff() {
    }

    static String unified(String before, String after, String name) {
        String[] a = before == null ? new String[0] : before.split("\r?\n", -1);
        String[] b = after.split("\r?\n", -1);
        List<String> ops = ops(a, b);
        StringBuilder out = new StringBuilder();
        out.append("--- ").append(before == null ? "/dev/null" : name).append('\n');
        out.append("+++ ").append(name).append('\n');
        int i = 0;
        while (i < ops.size()) {
            if (ops.get(i).charAt(0) == ' ') {
                i++;
                continue;
            }
            int start = Math.max(0, i - CONTEXT);
            int end = i;
            int lastChange = i;
            while (end < ops.size() && end - lastChange <= 2 * CONTEXT) {
                if (ops.get(end).charAt(0) != ' ') {
                    lastChange = end;
                }
                end++;
            }
            end = Math.min(ops.size(), lastChange + CONTEXT + 1);
            out.append("@@\n");
            for (int k = start; k < end; k++) {
                out.append(ops.get(k)).append('\n');
            }
            i = end;
        }
        return out.toString();
    }

    private static List<String> ops(String[] a, String[] b) {
        int[][] lcs = new int[a.length + 1][b.length + 1];
        for (int i = a.length - 1; i >= 0; i--) {
            for (int j = b.length - 1; j >= 0; j--) {
                lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> ops = new ArrayList<String>();
        int i = 0;
        int j = 0;
        while (i < a.length && j < b.length) {
            if (a[i].equals(b[j])) {
                ops.add(" " + a[i++]);
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                ops.add("-" + a[i++]);
            } else {
                ops.add("+" + b[j++]);
            }
        }
        while (i < a.length) {
            ops.add("-" + a[i++]);
        }
        while (j < b.length) {
            ops.add("+" + b[j++]);
        }
        return ops;
    }
}
