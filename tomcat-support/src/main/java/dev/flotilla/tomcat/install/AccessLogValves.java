package dev.flotilla.tomcat.install;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.xml.sax.SAXParseException;

/**
 * Finds the access log valves of a {@code server.xml} (outside comments) with the exact text positions of their
 * attributes, so a patch can edit one attribute and leave the rest of the file byte for byte. Pure.
 */
final class AccessLogValves {
    private static final Pattern TAG = Pattern.compile("<Valve\\b(?:[^>\"']|\"[^\"]*\"|'[^']*')*>");
    private static final Pattern ATTR = Pattern.compile("([\\w.:-]+)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')");

    /** One valve element: its attributes and where the tag and the directory value sit in the text. */
    static final class Valve {
        final int tagStart;
        final int tagEnd;
        final Map<String, String> attributes;
        final int directoryStart;
        final int directoryEnd;
        final int classNameEnd;

        Valve(int tagStart, int tagEnd, Map<String, String> attributes, int directoryStart, int directoryEnd,
              int classNameEnd) {
            this.tagStart = tagStart;
            this.tagEnd = tagEnd;
            this.attributes = Collections.unmodifiableMap(attributes);
            this.directoryStart = directoryStart;
            this.directoryEnd = directoryEnd;
            this.classNameEnd = classNameEnd;
        }

        String className() {
            return attributes.get("className");
        }

        /** The configured directory, or null (Tomcat then uses {@code logs}). */
        String directory() {
            return attributes.get("directory");
        }

        String effectiveDirectory() {
            return directory() == null ? "logs" : directory();
        }

        String prefix() {
            String p = attributes.get("prefix");
            return p == null ? "access_log" : p;
        }

        String suffix() {
            String s = attributes.get("suffix");
            return s == null ? "" : s;
        }
    }

    private AccessLogValves() {
    }

    /** Every valve whose className ends in {@code AccessLogValve}, in document order. */
    static List<Valve> find(String xml) throws Refusal {
        requireWellFormed(xml);
        String masked = maskComments(xml);
        List<Valve> valves = new ArrayList<Valve>();
        Matcher tag = TAG.matcher(masked);
        while (tag.find()) {
            Valve v = parseTag(xml, tag.start(), tag.end());
            if (v.className() != null && v.className().trim().endsWith("AccessLogValve")) {
                valves.add(v);
            }
        }
        return valves;
    }

    private static Valve parseTag(String xml, int start, int end) {
        Map<String, String> attrs = new LinkedHashMap<String, String>();
        int dirStart = -1;
        int dirEnd = -1;
        int classEnd = -1;
        Matcher a = ATTR.matcher(xml).region(start, end);
        while (a.find()) {
            int group = a.group(2) != null ? 2 : 3;
            attrs.put(a.group(1), unescape(a.group(group)));
            if (a.group(1).equals("directory")) {
                dirStart = a.start(group);
                dirEnd = a.end(group);
            } else if (a.group(1).equals("className")) {
                classEnd = a.end();
            }
        }
        return new Valve(start, end, attrs, dirStart, dirEnd, classEnd);
    }

    /** Replaces every comment's content with spaces so nothing inside a comment matches, keeping positions. */
    static String maskComments(String xml) {
        StringBuilder sb = new StringBuilder(xml);
        int from = 0;
        while (true) {
            int open = xml.indexOf("<!--", from);
            if (open < 0) {
                return sb.toString();
            }
            int close = xml.indexOf("-->", open + 4);
            int stop = close < 0 ? xml.length() : close + 3;
            for (int i = open; i < stop; i++) {
                if (sb.charAt(i) != '\n') {
                    sb.setCharAt(i, ' ');
                }
            }
            from = stop;
        }
    }

    private static String unescape(String s) {
        return s.replace("&quot;", "\"").replace("&apos;", "'").replace("&lt;", "<").replace("&gt;", ">")
                .replace("&amp;", "&");
    }

    private static void requireWellFormed(String xml) throws Refusal {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setExpandEntityReferences(false);
            javax.xml.parsers.DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // the message below, not the parser's own line
            b.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        } catch (SAXParseException e) {
            throw new Refusal("server.xml is not well-formed XML (line " + e.getLineNumber() + ": " + e.getMessage()
                    + "): fix it first; Tomcat would not start with it either");
        } catch (Exception e) {
            throw new Refusal("server.xml cannot be parsed (" + e.getMessage() + "): fix it first");
        }
    }
}
