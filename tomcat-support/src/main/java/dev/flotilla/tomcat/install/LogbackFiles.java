package dev.flotilla.tomcat.install;

import java.io.File;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Where the file appenders of the {@code logback.xml} files under {@code webapps/} will write, with variables
 * substituted the way Logback does it: local {@code <define>}/{@code <property>} first, then Logback's own
 * {@code HOSTNAME} (which {@code ${hostName}} also means: the key is compared case-insensitively), then system
 * properties.
 */
final class LogbackFiles {
    static final String DEFINER = "dev.flotilla.tomcat.logback.HostNameDefiner";
    private static final Pattern VAR = Pattern.compile("\\$\\{([^}:]+)(?::-([^}]*))?}");

    /** One appender's file and what check has to say about it. */
    static final class Target {
        final String source;
        final String appender;
        final String path;
        final String warning;

        Target(String source, String appender, String path, String warning) {
            this.source = source;
            this.appender = appender;
            this.path = path;
            this.warning = warning;
        }
    }

    private LogbackFiles() {
    }

    static final String ENTRY = "WEB-INF/classes/logback.xml";

    /** A logback.xml to read: a file of an unpacked application, or the content of a WAR's entry. */
    static final class Source {
        final String app;
        private final Path file;
        private final byte[] fromWar;

        Source(String app, Path file, byte[] fromWar) {
            this.app = app;
            this.file = file;
            this.fromWar = fromWar;
        }

        java.io.InputStream open() throws java.io.IOException {
            return fromWar != null ? new java.io.ByteArrayInputStream(fromWar) : Files.newInputStream(file);
        }
    }

    /**
     * Every {@code webapps/<app>/WEB-INF/classes/logback.xml} below the base, and the same entry of every
     * {@code webapps/<app>.war} that has no unpacked folder beside it (Tomcat would unpack it as it is).
     */
    static List<Source> find(Path base) {
        List<Source> out = new ArrayList<Source>();
        Path webapps = base.resolve("webapps");
        if (!Files.isDirectory(webapps)) {
            return out;
        }
        try (DirectoryStream<Path> apps = Files.newDirectoryStream(webapps)) {
            for (Path app : apps) {
                String name = app.getFileName().toString();
                Path xml = app.resolve("WEB-INF").resolve("classes").resolve("logback.xml");
                if (Files.isRegularFile(xml)) {
                    out.add(new Source(name, xml, null));
                } else if (name.toLowerCase(Locale.ROOT).endsWith(".war") && Files.isRegularFile(app)
                        && !Files.isDirectory(webapps.resolve(name.substring(0, name.length() - 4)))) {
                    byte[] content = entryOf(app);
                    if (content != null) {
                        out.add(new Source(name, app, content));
                    }
                }
            }
        } catch (Exception e) {
            return out;
        }
        java.util.Collections.sort(out, new java.util.Comparator<Source>() {
            @Override
            public int compare(Source a, Source b) {
                return a.app.compareTo(b.app);
            }
        });
        return out;
    }

    /** The WAR's logback.xml, or null when it has none (or cannot be read as a zip). */
    private static byte[] entryOf(Path war) {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(war.toFile())) {
            java.util.zip.ZipEntry e = zip.getEntry(ENTRY);
            if (e == null) {
                return null;
            }
            try (java.io.InputStream in = zip.getInputStream(e)) {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                byte[] buf = new byte[8192];
                for (int n; (n = in.read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                }
                return out.toByteArray();
            }
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /**
     * The file targets of one logback.xml. {@code sysprops} are the system properties Tomcat will have;
     * {@code host} the replica's name (what the PropertyDefiner returns).
     */
    static List<Target> targets(Source xml, String label, Map<String, String> sysprops, String host) {
        List<Target> out = new ArrayList<Target>();
        Document doc;
        try (java.io.InputStream in = xml.open()) {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            javax.xml.parsers.DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // said in the target, not on stderr
            doc = b.parse(in);
        } catch (Exception e) {
            out.add(new Target(label, "-", "-", "cannot be parsed (" + e.getMessage() + "): Logback will not start either"));
            return out;
        }
        Map<String, String> local = locals(doc, host);
        NodeList appenders = doc.getElementsByTagName("appender");
        for (int i = 0; i < appenders.getLength(); i++) {
            Element a = (Element) appenders.item(i);
            String file = childText(a, "file");
            if (file == null) {
                file = childText(a, "fileNamePattern");
            }
            if (file != null) {
                out.add(resolve(label, a.getAttribute("name"), file, local, sysprops));
            }
        }
        return out;
    }

    private static Target resolve(String label, String appender, String raw, Map<String, String> local,
                                  Map<String, String> sysprops) {
        String[] warning = new String[1];
        String value = raw;
        // properties may refer to properties (LOG_DIR -> hostName): substitute until nothing changes
        for (int round = 0; round < 10 && value.contains("${"); round++) {
            value = substituteOnce(value, local, sysprops, warning);
        }
        return new Target(label, appender, new File(value).getPath(), warning[0]);
    }

    private static String substituteOnce(String raw, Map<String, String> local, Map<String, String> sysprops,
                                         String[] warningOut) {
        StringBuffer sb = new StringBuffer();
        String warning = null;
        Matcher m = VAR.matcher(raw);
        while (m.find()) {
            String key = m.group(1);
            String value = local.get(key);
            if (value == null && key.equalsIgnoreCase("HOSTNAME")) {
                value = "<Logback's HOSTNAME>";
                warning = "${" + key + "} is Logback's own HOSTNAME (InetAddress), not a system property:"
                        + " add <define name=\"" + key + "\" class=\"" + DEFINER + "\"/> to this logback.xml";
            }
            if (value == null) {
                value = sysprops.get(key);
            }
            if (value == null) {
                value = m.group(2) != null ? m.group(2) : key + "_IS_UNDEFINED";
            }
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        if (warning != null) {
            warningOut[0] = warning;
        }
        return sb.toString();
    }

    private static Map<String, String> locals(Document doc, String host) {
        Map<String, String> local = new HashMap<String, String>();
        for (String tag : new String[] {"property", "variable"}) {
            NodeList props = doc.getElementsByTagName(tag);
            for (int i = 0; i < props.getLength(); i++) {
                Element p = (Element) props.item(i);
                if (!p.getAttribute("name").isEmpty() && p.hasAttribute("value")) {
                    local.put(p.getAttribute("name"), p.getAttribute("value"));
                }
            }
        }
        NodeList defines = doc.getElementsByTagName("define");
        for (int i = 0; i < defines.getLength(); i++) {
            Element d = (Element) defines.item(i);
            String cls = d.getAttribute("class").trim();
            local.put(d.getAttribute("name"), DEFINER.equals(cls) ? host
                    : "<value of " + cls.substring(cls.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT) + ">");
        }
        return local;
    }

    private static String childText(Element parent, String tag) {
        NodeList l = parent.getElementsByTagName(tag);
        return l.getLength() == 0 ? null : l.item(0).getTextContent().trim();
    }
}
