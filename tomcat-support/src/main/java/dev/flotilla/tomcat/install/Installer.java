package dev.flotilla.tomcat.install;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Computes every change install makes to one CATALINA_BASE; reading only, no writes. */
final class Installer {
    /** The changes for the three files, including unchanged ones (so a report can say "already done"). */
    static final class Plan {
        final List<FileChange> files;
        final List<String> notes;

        Plan(List<FileChange> files, List<String> notes) {
            this.files = Collections.unmodifiableList(files);
            this.notes = notes;
        }

        List<FileChange> pending() {
            List<FileChange> out = new ArrayList<FileChange>();
            for (FileChange f : files) {
                if (f.changes()) {
                    out.add(f);
                }
            }
            return out;
        }
    }

    private Installer() {
    }

    static Plan plan(TomcatLayout layout, boolean allowNoAccessLog) throws Refusal, IOException {
        List<FileChange> files = new ArrayList<FileChange>();
        String logging = Texts.read(layout.loggingProperties);
        LoggingPropertiesPatch.Result lp = LoggingPropertiesPatch.apply(logging);
        files.add(new FileChange(layout.loggingProperties, label(layout, layout.loggingProperties), logging, lp.text, lp.changes));

        String server = Texts.read(layout.serverXml);
        ServerXmlPatch.Result sx = ServerXmlPatch.apply(server, allowNoAccessLog);
        files.add(new FileChange(layout.serverXml, label(layout, layout.serverXml), server, sx.text, sx.changes));

        if (layout.setenv != null) {
            String setenv = Files.exists(layout.setenv) ? Texts.read(layout.setenv) : null;
            SetenvPatch.Result se = SetenvPatch.apply(setenv);
            List<String> why = se.change == null ? Collections.<String>emptyList() : Collections.singletonList(se.change);
            files.add(new FileChange(layout.setenv, label(layout, layout.setenv), setenv, se.text, why));
        }
        return new Plan(files, new ArrayList<String>(layout.notes));
    }

    /** A path as the user thinks of it: relative to CATALINA_BASE when inside it, absolute otherwise. */
    static String label(TomcatLayout layout, Path p) {
        Path abs = p.toAbsolutePath().normalize();
        return abs.startsWith(layout.base) ? layout.base.relativize(abs).toString() : abs.toString();
    }
}
