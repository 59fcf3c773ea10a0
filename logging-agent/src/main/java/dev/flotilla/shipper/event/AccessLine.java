package dev.flotilla.shipper.event;

import java.nio.charset.StandardCharsets;

/**
 * One access-log line in the common or combined format ({@code %h %l %u %t "%r" %s %b ["%{Referer}i"
 * "%{User-Agent}i"]}), Tomcat's AccessLogValve default. Fields that the line shows as {@code -} are null
 * ({@code bytes} is then -1).
 */
public record AccessLine(String client, String user, String method, String url, String httpVersion, int status,
                         long bytes, String referrer, String userAgent) {

    /** Returns null when the line is not in the common or combined format. */
    public static AccessLine parse(byte[] b, int off, int len) {
        return parse(new String(b, off, len, StandardCharsets.UTF_8));
    }

    public static AccessLine parse(String s) {
        Cursor c = new Cursor(s);
        String client = c.token();
        String ident = c.token();
        String user = c.token();
        String time = c.bracketed();
        String request = c.quoted();
        String status = c.token();
        String bytes = c.token();
        if (client == null || ident == null || user == null || time == null || request == null || status == null || bytes == null) {
            return null;
        }
        int code;
        long size;
        try {
            code = Integer.parseInt(status);
            size = bytes.equals("-") ? -1 : Long.parseLong(bytes);
        } catch (NumberFormatException e) {
            return null;
        }
        if (code < 100 || code > 999) {
            return null;
        }
        String referrer = c.quoted();
        String agent = referrer == null ? null : c.quoted();
        String[] parts = request.split(" ", 3);
        String method = parts.length == 3 ? parts[0] : null;
        String url = parts.length == 3 ? parts[1] : null;
        String version = parts.length == 3 && parts[2].startsWith("HTTP/") ? parts[2].substring(5) : null;
        return new AccessLine(dash(client), dash(user), method, url, version, code, size, dash(referrer), dash(agent));
    }

    private static String dash(String v) {
        return v == null || v.equals("-") ? null : v;
    }

    private static final class Cursor {
        private final String s;
        private int i;

        Cursor(String s) {
            this.s = s;
        }

        private void spaces() {
            while (i < s.length() && s.charAt(i) == ' ') {
                i++;
            }
        }

        String token() {
            spaces();
            int start = i;
            while (i < s.length() && s.charAt(i) != ' ') {
                i++;
            }
            return i > start ? s.substring(start, i) : null;
        }

        String bracketed() {
            spaces();
            if (i >= s.length() || s.charAt(i) != '[') {
                return null;
            }
            int close = s.indexOf(']', i);
            if (close < 0) {
                return null;
            }
            String v = s.substring(i + 1, close);
            i = close + 1;
            return v;
        }

        String quoted() {
            spaces();
            if (i >= s.length() || s.charAt(i) != '"') {
                return null;
            }
            StringBuilder sb = new StringBuilder();
            int j = i + 1;
            while (j < s.length()) {
                char ch = s.charAt(j);
                if (ch == '\\' && j + 1 < s.length()) {
                    sb.append(s.charAt(j + 1));
                    j += 2;
                    continue;
                }
                if (ch == '"') {
                    i = j + 1;
                    return sb.toString();
                }
                sb.append(ch);
                j++;
            }
            return null;
        }
    }
}
