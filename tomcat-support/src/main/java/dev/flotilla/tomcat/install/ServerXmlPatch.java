package dev.flotilla.tomcat.install;

import java.util.ArrayList;
import java.util.List;

/**
 * Makes every access log valve in {@code server.xml} write under {@code <directory>/${custom.hostname}}, touching
 * only the {@code directory} attribute. Refuses a server.xml without an access log valve unless told that is
 * intended. Idempotent. Pure.
 */
final class ServerXmlPatch {
    static final class Result {
        final String text;
        final List<String> changes;

        Result(String text, List<String> changes) {
            this.text = text;
            this.changes = changes;
        }
    }

    private ServerXmlPatch() {
    }

    static Result apply(String xml, boolean allowNoAccessLog) throws Refusal {
        List<AccessLogValves.Valve> valves = AccessLogValves.find(xml);
        if (valves.isEmpty() && !allowNoAccessLog) {
            throw new Refusal("server.xml has no AccessLogValve (outside comments), so there is no access log to"
                    + " move. Add one inside <Host> (the fragment is in templates/tomcat/server.xml):"
                    + " <Valve className=\"org.apache.catalina.valves.AccessLogValve\" directory=\"logs/${custom.hostname}\""
                    + " prefix=\"localhost_access_log\" suffix=\".txt\" pattern=\"common\"/>;"
                    + " or, if you want no access log, run install again with --no-access-log");
        }
        StringBuilder out = new StringBuilder(xml);
        List<String> changes = new ArrayList<String>();
        // edit from the end so earlier positions stay valid
        for (int i = valves.size() - 1; i >= 0; i--) {
            AccessLogValves.Valve v = valves.get(i);
            String dir = v.directory();
            if (dir != null && dir.contains(Texts.PLACEHOLDER)) {
                continue;
            }
            if (dir == null) {
                out.insert(v.classNameEnd, " directory=\"logs/" + Texts.PLACEHOLDER + "\"");
                changes.add(0, simpleName(v) + ": no directory set (Tomcat default 'logs'), now logs/" + Texts.PLACEHOLDER);
            } else {
                String raw = xml.substring(v.directoryStart, v.directoryEnd);
                out.replace(v.directoryStart, v.directoryEnd, Texts.withPlaceholder(raw));
                changes.add(0, simpleName(v) + ": directory " + dir + " -> " + Texts.withPlaceholder(dir));
            }
        }
        return new Result(out.toString(), changes);
    }

    private static String simpleName(AccessLogValves.Valve v) {
        String c = v.className().trim();
        return c.substring(c.lastIndexOf('.') + 1) + " (prefix " + v.prefix() + ")";
    }
}
