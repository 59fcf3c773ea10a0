package dev.flotilla.tomcat.it;

import dev.flotilla.tomcat.embedded.EmbeddedTomcatLogs;
import java.io.File;

/** {@link EmbeddedApp} as the helper's documentation says to use it: prepare first, JULI file, access log. */
public final class EmbeddedAppWithHelper {
    private EmbeddedAppWithHelper() {
    }

    public static void main(String[] args) throws Exception {
        File base = new File(args[0]);
        EmbeddedTomcatLogs logs = EmbeddedTomcatLogs.prepare(base);
        logs.attachJuliFileHandler();
        EmbeddedApp.run(base, new File(args[1]), tomcat -> logs.addAccessLog(tomcat.getHost()));
    }
}
