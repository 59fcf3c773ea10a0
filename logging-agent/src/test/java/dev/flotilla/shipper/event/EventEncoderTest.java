package dev.flotilla.shipper.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flotilla.shipper.config.AgentConfig;
import dev.flotilla.shipper.config.ConfigLoader;
import dev.flotilla.shipper.config.InputConfig;
import dev.flotilla.shipper.multiline.LineFlags;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class EventEncoderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AgentInfo AGENT = new AgentInfo("node1", "node1", "1.2.3", "id-1", "eph-1", "logging-agent");

    static InputConfig input(String extra) {
        AgentConfig c = ConfigLoader.parse("inputs:\n  - id: a\n    paths: [/logs/*/x.log]\n" + extra
                + "output.logstash.hosts: [h]\n", "test", Path.of("/"));
        return c.inputs().get(0);
    }

    private final EventEncoder encoder = new EventEncoder();

    JsonNode encode(EventTemplate t, byte[] msg, long offset, int flags) throws Exception {
        return JSON.readTree(encoder.encode(t, msg, 0, msg.length, offset, flags, Instant.parse("2026-11-22T03:48:23.045Z").toEpochMilli()));
    }

    @Test
    void carriesTheEcsFieldsLogstashExpects() throws Exception {
        ContainerInfo c = new ContainerInfo("web-3-abc", "test-tomcat", "abc", 3, "node2", "registry.example/test-tomcat:0.1");
        EventTemplate t = EventTemplate.of(AGENT, input(""), "/logs/web-3-abc/catalina.2026-11-22.log", c);
        JsonNode e = encode(t, "hello \"world\"\t\\".getBytes(StandardCharsets.UTF_8), 1234, 0);
        assertThat(e.path("@timestamp").asText()).isEqualTo("2026-11-22T03:48:23.045Z");
        assertThat(e.path("message").asText()).isEqualTo("hello \"world\"\t\\");
        assertThat(e.at("/@metadata/beat").asText()).isEqualTo("logging-agent");
        assertThat(e.at("/@metadata/type").asText()).isEqualTo("_doc");
        assertThat(e.at("/@metadata/version").asText()).isEqualTo("1.2.3");
        assertThat(e.at("/log/offset").asLong()).isEqualTo(1234);
        assertThat(e.at("/log/file/path").asText()).isEqualTo("/logs/web-3-abc/catalina.2026-11-22.log");
        assertThat(e.at("/log/flags").isMissingNode()).isTrue();
        assertThat(e.at("/host/name").asText()).isEqualTo("node1");
        assertThat(e.at("/container/name").asText()).isEqualTo("web-3-abc");
        assertThat(e.at("/container/image/name").asText()).isEqualTo("registry.example/test-tomcat:0.1");
        assertThat(e.at("/service/name").asText()).isEqualTo("test-tomcat");
        assertThat(e.at("/flotilla/task/id").asText()).isEqualTo("abc");
        assertThat(e.at("/flotilla/task/slot").asInt()).isEqualTo(3);
        assertThat(e.at("/flotilla/node/name").asText()).isEqualTo("node2");
        assertThat(e.at("/event/dataset").asText()).isEqualTo("tomcat.catalina");
        assertThat(e.at("/input/type").asText()).isEqualTo("filestream");
        assertThat(e.at("/agent/type").asText()).isEqualTo("logging-agent");
        assertThat(e.at("/agent/version").asText()).isEqualTo("1.2.3");
        assertThat(e.at("/agent/id").asText()).isEqualTo("id-1");
        assertThat(e.at("/agent/ephemeral_id").asText()).isEqualTo("eph-1");
        assertThat(e.at("/ecs/version").asText()).isEqualTo(AgentInfo.ECS_VERSION);
        assertThat(names(e)).doesNotHaveDuplicates();
    }

    @Test
    void withoutMetadataOnlyTheFolderNamesTheContainer() throws Exception {
        EventTemplate t = EventTemplate.of(AGENT, input(""), "/logs/h1/debug.log", ContainerInfo.named("h1"));
        JsonNode e = encode(t, "x".getBytes(StandardCharsets.UTF_8), 0, 0);
        assertThat(e.at("/container/name").asText()).isEqualTo("h1");
        assertThat(e.has("service")).isFalse();
        assertThat(e.has("flotilla")).isFalse();
        assertThat(e.at("/event/dataset").asText()).isEqualTo("app.logback");
    }

    @Test
    void datasetComesFromTheFileNameUnlessConfigured() {
        assertThat(Datasets.forFileName("catalina.2026-11-22.log")).isEqualTo("tomcat.catalina");
        assertThat(Datasets.forFileName("localhost.2026-11-22.log")).isEqualTo("tomcat.localhost");
        assertThat(Datasets.forFileName("localhost_access_log.2026-11-22.txt")).isEqualTo("tomcat.access");
        assertThat(Datasets.forFileName("debug.log")).isEqualTo("app.logback");
        EventTemplate t = EventTemplate.of(AGENT, input("    dataset: my.app\n"), "/logs/h/catalina.log", ContainerInfo.named("h"));
        assertThat(t.dataset()).isEqualTo("my.app");
    }

    @Test
    void flagsAndFieldsAreWritten() throws Exception {
        EventTemplate t = EventTemplate.of(AGENT, input("    fields: {env: prod, n: 3}\n"), "/logs/h/x.log", ContainerInfo.named("h"));
        JsonNode e = encode(t, "m".getBytes(StandardCharsets.UTF_8), 5, LineFlags.MULTILINE | LineFlags.TRUNCATED | LineFlags.PARTIAL);
        assertThat(e.at("/log/flags").toString()).isEqualTo("[\"multiline\",\"truncated\",\"partial\"]");
        JsonNode rest = encode(t, "m".getBytes(StandardCharsets.UTF_8), 6, LineFlags.CONTINUED);
        assertThat(rest.at("/log/flags").toString()).isEqualTo("[\"continued\"]");
        assertThat(e.at("/fields/env").asText()).isEqualTo("prod");
        assertThat(e.at("/fields/n").asInt()).isEqualTo(3);
        EventTemplate root = EventTemplate.of(AGENT, input("    fields: {env: prod}\n    fields_under_root: true\n"), "/logs/h/x.log",
                ContainerInfo.named("h"));
        assertThat(encode(root, "m".getBytes(StandardCharsets.UTF_8), 5, 0).path("env").asText()).isEqualTo("prod");
    }

    @Test
    void invalidUtf8IsReplacedAndControlCharactersEscaped() throws Exception {
        EventTemplate t = EventTemplate.of(AGENT, input(""), "/logs/h/x.log", ContainerInfo.named("h"));
        byte[] msg = {'a', (byte) 0xC3, (byte) 0xA9, (byte) 0xFF, 'b', (byte) 0xE2, (byte) 0x82, 'c', 0x01, (byte) 0xED, (byte) 0xA0, (byte) 0x80,
            (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, (byte) 0xC0, (byte) 0xAF};
        JsonNode e = encode(t, msg, 0, 0);
        // one U+FFFD per maximal invalid subpart (Unicode's recommended practice, as browsers and Java's decoder do):
        // E2 82 is the start of a valid character cut short (one), ED A0 80 an encoded surrogate (three), C0 AF overlong
        assertThat(e.path("message").asText()).isEqualTo("aé\uFFFDb\uFFFDc\u0001\uFFFD\uFFFD\uFFFD😀\uFFFD\uFFFD");
        assertThat(encoder.replacedInLast()).isEqualTo(7);
        byte[] cutAtEnd = {'e', 'u', 'r', 'o', ' ', (byte) 0xE2, (byte) 0x82};
        assertThat(encode(t, cutAtEnd, 0, 0).path("message").asText()).isEqualTo("euro \uFFFD");
        byte[] fourCut = {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, 'x', (byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80};
        assertThat(encode(t, fourCut, 0, 0).path("message").asText()).isEqualTo("\uFFFDx\uFFFD\uFFFD\uFFFD\uFFFD");
    }

    @Test
    void anyBytesGiveValidJsonAndValidUtf8RoundTrips() throws Exception {
        EventTemplate t = EventTemplate.of(AGENT, input(""), "/logs/h/x.log", ContainerInfo.named("h"));
        Random r = new Random(7);
        for (int i = 0; i < 2000; i++) {
            byte[] msg = new byte[r.nextInt(60)];
            r.nextBytes(msg);
            JsonNode e = encode(t, msg, i, 0);
            assertThat(e.path("message").isTextual()).isTrue();
            if (!hasSurrogatePrefix(msg)) {
                // the same replacement as the JDK's decoder, which follows the Unicode standard's recommendation
                // except for ED A0..BF (an encoded surrogate): one U+FFFD there, where the standard and WHATWG say two
                assertThat(e.path("message").asText()).isEqualTo(new String(msg, StandardCharsets.UTF_8));
            }
            StringBuilder sb = new StringBuilder();
            for (int k = 0; k < 1 + r.nextInt(20); k++) {
                sb.appendCodePoint(r.nextInt(4) == 0 ? r.nextInt(0x20) : r.nextInt(3) == 0 ? 0x1F600 + r.nextInt(50) : 0x20 + r.nextInt(0x3000));
            }
            String s = sb.toString();
            byte[] valid = s.getBytes(StandardCharsets.UTF_8);
            assertThat(encode(t, valid, i, 0).path("message").asText()).isEqualTo(new String(valid, StandardCharsets.UTF_8));
        }
    }

    private static boolean hasSurrogatePrefix(byte[] b) {
        for (int i = 0; i + 1 < b.length; i++) {
            if ((b[i] & 0xFF) == 0xED && (b[i + 1] & 0xFF) >= 0xA0 && (b[i + 1] & 0xFF) <= 0xBF) {
                return true;
            }
        }
        return false;
    }

    @Test
    void accessLogLinesBecomeHttpFields() throws Exception {
        EventTemplate t = EventTemplate.of(AGENT, input("    access_log.parse: true\n"), "/logs/h/localhost_access_log.txt",
                ContainerInfo.named("h"));
        String line = "10.0.0.7 - bob [22/Nov/2026:03:48:23 +0000] \"GET /app/index.html?q=1 HTTP/1.1\" 200 5120 \"http://ref/\" \"curl/8.0\"";
        JsonNode e = encode(t, line.getBytes(StandardCharsets.UTF_8), 0, 0);
        assertThat(e.at("/source/address").asText()).isEqualTo("10.0.0.7");
        assertThat(e.at("/user/name").asText()).isEqualTo("bob");
        assertThat(e.at("/http/request/method").asText()).isEqualTo("GET");
        assertThat(e.at("/http/request/referrer").asText()).isEqualTo("http://ref/");
        assertThat(e.at("/http/version").asText()).isEqualTo("1.1");
        assertThat(e.at("/http/response/status_code").asInt()).isEqualTo(200);
        assertThat(e.at("/http/response/body/bytes").asLong()).isEqualTo(5120);
        assertThat(e.at("/url/original").asText()).isEqualTo("/app/index.html?q=1");
        assertThat(e.at("/user_agent/original").asText()).isEqualTo("curl/8.0");
        assertThat(e.at("/event/dataset").asText()).isEqualTo("tomcat.access");
        JsonNode common = encode(t, "127.0.0.1 - - [22/Nov/2026:03:48:23 +0000] \"POST /x HTTP/1.0\" 404 -".getBytes(StandardCharsets.UTF_8), 0, 0);
        assertThat(common.at("/http/response/status_code").asInt()).isEqualTo(404);
        assertThat(common.at("/http/response/body").isMissingNode()).isTrue();
        assertThat(common.has("user")).isFalse();
        JsonNode other = encode(t, "not an access line".getBytes(StandardCharsets.UTF_8), 0, 0);
        assertThat(other.has("http")).isFalse();
        assertThat(other.path("message").asText()).isEqualTo("not an access line");
    }

    private static java.util.List<String> names(JsonNode n) {
        java.util.List<String> out = new java.util.ArrayList<>();
        Iterator<String> it = n.fieldNames();
        it.forEachRemaining(out::add);
        return out;
    }
}
