package dev.flotilla.shipper.output.beats.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Realistic events for benchmarks: a Tomcat/Logback-like line of about 170 bytes (varying numbers, ids, paths),
 * wrapped in the ECS fields the agent sends (about 470 bytes of JSON in all).
 */
public final class BenchEvents {
    private static final String[] PATHS = {"/api/orders", "/api/customers/42", "/health", "/api/cart/checkout",
        "/static/app.js", "/api/search?q=boots"};
    private static final String[] LEVELS = {"INFO ", "INFO ", "INFO ", "WARN ", "DEBUG"};

    private BenchEvents() {
    }

    /** The ~170-byte log line number {@code i}. */
    public static String line(long i) {
        return String.format("2026-11-22 03:%02d:%02d.%03d %s [http-nio-8080-exec-%d] c.e.shop.web.RequestLog - %s "
                + "status=%d took=%dms user=u%05d session=%08X client=10.1.%d.%d ua=curl/8.5.0", (i / 60000) % 60, (i / 1000) % 60, i % 1000,
                LEVELS[(int) (i % LEVELS.length)], i % 10 + 1, PATHS[(int) (i % PATHS.length)], i % 7 == 0 ? 404 : 200,
                i * 7 % 900, i * 31 % 100000, (int) (i * 2654435761L), i % 200, i * 13 % 250);
    }

    /** One ECS event as UTF-8 JSON, for file {@code file} at the given line number. */
    public static byte[] event(int file, long i) {
        String json = "{\"@timestamp\":\"2026-11-22T03:00:00.000Z\",\"message\":\"" + line(i) + "\",\"log\":{\"file\":"
                + "{\"path\":\"/home/ubuntu/logs/web-" + file + "/catalina.2026-11-22.log\"},\"offset\":" + i * 171
                + "},\"container\":{\"name\":\"web-" + file + "\"},\"service\":{\"name\":\"shop\"},\"host\":{\"name\":"
                + "\"node1\"},\"event\":{\"dataset\":\"app.logback\"},\"ecs\":{\"version\":\"8.11.0\"},\"@metadata\":"
                + "{\"beat\":\"flotilla\",\"type\":\"_doc\",\"version\":\"0.1.0\"}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code n} consecutive events starting at line {@code from}, spread over 10 files. */
    public static List<byte[]> window(long from, int n) {
        List<byte[]> out = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            long i = from + k;
            out.add(event((int) (i % 10), i));
        }
        return out;
    }
}
