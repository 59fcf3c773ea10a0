package dev.flotilla.shipper.harvest;

import dev.flotilla.shipper.multiline.Collected;
import dev.flotilla.shipper.multiline.LineFlags;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

class LineSplitterTest {
    private final Collected out = new Collected();

    private static void feed(LineSplitter s, String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        s.feed(b, 0, b.length);
    }

    @Test
    void linesCarryTheirOffsets() {
        LineSplitter s = new LineSplitter(1024, 100, out);
        feed(s, "ab\ncde\r\n\nf");
        assertThat(out.messages).containsExactly(
                new Collected.Msg("ab", 100, 103, 0),
                new Collected.Msg("cde", 103, 108, 0),
                new Collected.Msg("", 108, 109, 0));
        assertThat(s.hasPartial()).isTrue();
        assertThat(s.pendingStart()).isEqualTo(109);
        assertThat(s.position()).isEqualTo(110);
        feed(s, "gh\n");
        assertThat(out.messages.get(3)).isEqualTo(new Collected.Msg("fgh", 109, 113, 0));
        assertThat(s.hasPartial()).isFalse();
    }

    @Test
    void anyChunkingGivesTheSameLines() {
        String text = "first line\nsecond é line\r\n\nthird\n" + "x".repeat(3000) + "\nlast\n";
        byte[] all = text.getBytes(StandardCharsets.UTF_8);
        Collected whole = new Collected();
        new LineSplitter(1 << 20, 0, whole).feed(all, 0, all.length);
        Random r = new Random(42);
        for (int round = 0; round < 50; round++) {
            Collected parts = new Collected();
            LineSplitter s = new LineSplitter(1 << 20, 0, parts);
            int at = 0;
            while (at < all.length) {
                int n = Math.min(all.length - at, 1 + r.nextInt(40));
                s.feed(all, at, n);
                at += n;
            }
            assertThat(parts.messages).isEqualTo(whole.messages);
        }
    }

    @Test
    void partialLineIsFlushedOnDemandAndFlagged() {
        LineSplitter s = new LineSplitter(1024, 0, out);
        feed(s, "done\nnot yet");
        s.flushPartial();
        assertThat(out.messages.get(1)).isEqualTo(new Collected.Msg("not yet", 5, 12, LineFlags.PARTIAL));
        feed(s, " still");
        s.flushPartial();
        assertThat(out.messages.get(2)).isEqualTo(new Collected.Msg(" still", 12, 18, LineFlags.PARTIAL | LineFlags.CONTINUED));
        feed(s, " finished\nnext\n");
        assertThat(out.messages.get(3)).isEqualTo(new Collected.Msg(" finished", 18, 28, LineFlags.CONTINUED));
        assertThat(out.messages.get(4)).isEqualTo(new Collected.Msg("next", 28, 33, 0));
    }

    @Test
    void overlongLinesAreCutAtACharacterBoundaryAndTheRestSkipped() {
        LineSplitter s = new LineSplitter(10, 0, out);
        feed(s, "123456789é0123");
        feed(s, "456789\nok\n");
        assertThat(out.messages.get(0).text()).isEqualTo("123456789");
        assertThat(out.messages.get(0).flags()).isEqualTo(LineFlags.TRUNCATED);
        assertThat(out.messages.get(0).end()).isEqualTo(22);
        assertThat(out.messages.get(1)).isEqualTo(new Collected.Msg("ok", 22, 25, 0));
    }

    @Test
    void overlongLineInsideOneChunkIsCutToo() {
        LineSplitter s = new LineSplitter(4, 0, out);
        feed(s, "abcdefgh\nxy\n");
        assertThat(out.messages).containsExactly(new Collected.Msg("abcd", 0, 9, LineFlags.TRUNCATED),
                new Collected.Msg("xy", 9, 12, 0));
    }

    @Test
    void resetDropsWhatIsHeld() {
        LineSplitter s = new LineSplitter(1024, 0, out);
        feed(s, "held");
        s.reset(0);
        feed(s, "new\n");
        assertThat(out.messages).containsExactly(new Collected.Msg("new", 0, 4, 0));
    }
}
