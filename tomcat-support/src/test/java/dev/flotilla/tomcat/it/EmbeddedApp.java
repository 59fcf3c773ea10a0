package dev.flotilla.tomcat.it;

import java.io.File;
import java.util.function.Consumer;
import org.apache.catalina.startup.Tomcat;

/**
 * A child-JVM embedded Tomcat serving one exploded webapp at "/" on 127.0.0.1 and a free port, printing
 * {@code PORT <n>} when ready; SIGTERM stops it cleanly. Uses only Tomcat API that 9, 10.1 and 11 share, so the same
 * class runs on all three. Args: catalina base, webapp folder.
 */
public final class EmbeddedApp {
    private EmbeddedApp() {
    }

    public static void main(String[] args) throws Exception {
        run(new File(args[0]), new File(args[1]), tomcat -> { });
    }

    static void run(File base, File docBase, Consumer<Tomcat> beforeStart) throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.getAbsolutePath());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        tomcat.setAddDefaultWebXmlToWebapp(false);
        beforeStart.accept(tomcat);
        tomcat.addWebapp("", docBase.getAbsolutePath());
        tomcat.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                tomcat.stop();
                tomcat.destroy();
            } catch (Exception e) {
                System.err.println("stop failed: " + e);
            }
        }, "embedded-app-stop"));
        System.out.println("PORT " + tomcat.getConnector().getLocalPort());
        System.out.flush();
        tomcat.getServer().await();
    }
}
