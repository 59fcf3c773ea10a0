package dev.flotilla.shipper.multiline;

import dev.flotilla.shipper.config.MultilineConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class MultilineTest {
    private final Collected out = new Collected();
    private long offset;
    private long now;

    private void feed(Multiline m, String... lines) {
        for (String l : lines) {
            byte[] b = l.getBytes(StandardCharsets.UTF_8);
            m.line(b, 0, b.length, offset, offset + b.length + 1, 0, now);
            offset += b.length + 1;
        }
    }

    @Test
    void tomcatJuliStackTraceIsOneEvent() {
        Multiline m = new Multiline(MultilineConfig.tomcatJuli(), 1 << 20, out);
        feed(m,
                "22-Nov-2026 03:48:23.123 INFO [main] org.apache.catalina.startup.Catalina.start Server startup",
                "22-Nov-2026 03:48:24.001 SEVERE [http-nio-8080-exec-1] org.apache.catalina.core.StandardWrapperValve.invoke Servlet failed",
                "\tjava.lang.IllegalStateException: boom",
                "\t\tat com.example.Web.doGet(Web.java:12)",
                "\tCaused by: java.io.IOException: disk",
                "\t\t... 23 more",
                "22-Nov-2026 03:48:25.000 INFO [main] next");
        m.flush();
        assertThat(out.texts()).hasSize(3);
        Collected.Msg trace = out.messages.get(1);
        assertThat(trace.text()).startsWith("22-Nov-2026 03:48:24.001 SEVERE").contains("\n\tjava.lang.IllegalStateException: boom\n")
                .endsWith("\t\t... 23 more");
        assertThat(trace.flags() & LineFlags.MULTILINE).isNotZero();
        assertThat(out.messages.get(0).flags()).isZero();
        assertThat(trace.start()).isEqualTo(out.messages.get(0).end());
        assertThat(trace.end()).isEqualTo(out.messages.get(2).start());
    }

    @Test
    void logbackStackTraceIsOneEvent() {
        Multiline m = new Multiline(MultilineConfig.logback(), 1 << 20, out);
        feed(m,
                "2026-11-22 03:48:23.123 [main] ERROR c.e.App - failed",
                "java.lang.RuntimeException: x",
                "\tat c.e.App.main(App.java:3)",
                "2026-11-22 03:48:23.200 [main] INFO c.e.App - ok");
        m.flush();
        assertThat(out.texts()).containsExactly(
                "2026-11-22 03:48:23.123 [main] ERROR c.e.App - failed\njava.lang.RuntimeException: x\n\tat c.e.App.main(App.java:3)",
                "2026-11-22 03:48:23.200 [main] INFO c.e.App - ok");
    }

    @Test
    void linesBeforeTheFirstStartAreTheirOwnEvent() {
        Multiline m = new Multiline(MultilineConfig.logback(), 1 << 20, out);
        feed(m, "continuation without a head", "more", "2026-11-22 x");
        m.flush();
        assertThat(out.texts()).containsExactly("continuation without a head\nmore", "2026-11-22 x");
    }

    @Test
    void negateFalseAfterAppendsMatchingLines() {
        Multiline m = new Multiline(new MultilineConfig(Pattern.compile("^\\s"), false, MultilineConfig.Match.AFTER, 500,
                Duration.ofSeconds(5)), 1 << 20, out);
        feed(m, "a", " b", " c", "d");
        m.flush();
        assertThat(out.texts()).containsExactly("a\n b\n c", "d");
    }

    @Test
    void matchBeforeJoinsLinesEndingWithAContinuationMarker() {
        Multiline m = new Multiline(new MultilineConfig(Pattern.compile("\\\\$"), false, MultilineConfig.Match.BEFORE, 500,
                Duration.ofSeconds(5)), 1 << 20, out);
        feed(m, "one \\", "two \\", "three", "four");
        assertThat(out.texts()).containsExactly("one \\\ntwo \\\nthree", "four");
    }

    @Test
    void maxLinesSplitsInsteadOfDropping() {
        Multiline m = new Multiline(new MultilineConfig(Pattern.compile("^S"), true, MultilineConfig.Match.AFTER, 3,
                Duration.ofSeconds(5)), 1 << 20, out);
        feed(m, "S1", "a", "b", "c", "d", "S2");
        m.flush();
        assertThat(out.texts()).containsExactly("S1\na\nb", "c\nd", "S2");
        assertThat(out.messages.get(0).flags()).isEqualTo(LineFlags.MULTILINE);
        assertThat(out.messages.get(1).flags()).isEqualTo(LineFlags.MULTILINE | LineFlags.CONTINUED);
        assertThat(out.messages.get(2).flags()).isZero();
    }

    @Test
    void maxLinesSplitWithMatchBeforeFlagsTheRestContinued() {
        Multiline m = new Multiline(new MultilineConfig(Pattern.compile("\\\\$"), false, MultilineConfig.Match.BEFORE, 2,
                Duration.ofSeconds(5)), 1 << 20, out);
        feed(m, "one \\", "two \\", "three", "four");
        assertThat(out.texts()).containsExactly("one \\\ntwo \\", "three", "four");
        assertThat(out.messages.get(1).flags()).isEqualTo(LineFlags.CONTINUED);
        assertThat(out.messages.get(2).flags()).isZero();
    }

    @Test
    void timeoutSendsThePendingEventOn() {
        Multiline m = new Multiline(MultilineConfig.logback(), 1 << 20, out);
        feed(m, "2026-11-22 head", "\tat x");
        assertThat(m.pollTimeout(now + Duration.ofSeconds(4).toNanos())).isFalse();
        assertThat(out.messages).isEmpty();
        assertThat(m.pendingStart()).isZero();
        assertThat(m.pollTimeout(now + Duration.ofSeconds(5).toNanos())).isTrue();
        assertThat(out.texts()).containsExactly("2026-11-22 head\n\tat x");
        assertThat(m.hasPending()).isFalse();
    }

    @Test
    void longEventsAreTruncatedAtMaxBytesAndFlagged() {
        Multiline m = new Multiline(MultilineConfig.logback(), 16, out);
        feed(m, "2026-11-22 head", "\tat é long continuation", "2026-11-23");
        m.flush();
        assertThat(out.messages.get(0).text()).isEqualTo("2026-11-22 head");
        assertThat(out.messages.get(0).flags() & LineFlags.TRUNCATED).isNotZero();
        assertThat(out.messages.get(0).end()).isEqualTo(out.messages.get(1).start());
        assertThat(out.messages.get(1).flags()).isZero();
    }

    @Test
    void anAlternationAfterTheAnchorStillMatchesAnywhere() {
        Multiline m = new Multiline(new MultilineConfig(Pattern.compile("^S|END"), true, MultilineConfig.Match.AFTER, 500,
                Duration.ofSeconds(5)), 1 << 20, out);
        feed(m, "S1", "a", "x END", "b");
        m.flush();
        assertThat(out.texts()).containsExactly("S1\na", "x END\nb");
    }

    @Test
    void nonAsciiLinesAreMatchedAsText() {
        Multiline m = new Multiline(new MultilineConfig(Pattern.compile("^é"), true, MultilineConfig.Match.AFTER, 500,
                Duration.ofSeconds(5)), 1 << 20, out);
        feed(m, "é start", "x", "é next");
        m.flush();
        assertThat(out.texts()).containsExactly("é start\nx", "é next");
    }
}
