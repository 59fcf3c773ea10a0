package dev.flotilla.shipper.output.beats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.flotilla.shipper.output.OutBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Events kept as a varying head plus a suffix shared by every event of a file go on the wire exactly as the whole
 * events would: one J frame each, the head and the suffix joined.
 */
class SplitEventsTest {
    private static final byte[] SUFFIX = ",\"file\":{\"path\":\"/logs/c1/app.log\"}},\"ecs\":{\"version\":\"8.11.0\"}}"
            .getBytes(StandardCharsets.UTF_8);

    private static byte[] head(int i) {
        return ("{\"@timestamp\":\"2026-11-22T03:00:00.000Z\",\"message\":\"line " + i + "\",\"log\":{\"offset\":" + i * 10)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] whole(int i) {
        byte[] h = head(i);
        byte[] out = Arrays.copyOf(h, h.length + SUFFIX.length);
        System.arraycopy(SUFFIX, 0, out, h.length, SUFFIX.length);
        return out;
    }

    @Test
    void headsAndSharedSuffixesEncodeToTheSameWindowAsWholeEvents() throws Exception {
        List<byte[]> heads = new ArrayList<>();
        List<byte[]> suffixes = new ArrayList<>();
        List<byte[]> wholes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            heads.add(head(i));
            suffixes.add(SUFFIX);
            wholes.add(whole(i));
        }
        for (int level : new int[] {0, 3}) {
            try (BatchEncoder split = new BatchEncoder(level); BatchEncoder plain = new BatchEncoder(level)) {
                split.encode(heads, suffixes, 20, 280);
                plain.encode(wholes, 20, 280);
                assertThat(Arrays.copyOf(split.bytes(), split.length()))
                        .isEqualTo(Arrays.copyOf(plain.bytes(), plain.length()));
            }
        }
        OutBatch batch = new OutBatch(heads, suffixes, n -> { });
        assertThat(batch.json(7)).isEqualTo(whole(7));
        assertThat(new String(batch.json(7), StandardCharsets.UTF_8)).endsWith("\"offset\":70,\"file\":{\"path\":"
                + "\"/logs/c1/app.log\"}},\"ecs\":{\"version\":\"8.11.0\"}}");
        assertThat(new OutBatch(wholes, n -> { }).json(7)).isEqualTo(whole(7));
    }

    @Test
    void aBatchNeedsOneSuffixPerEventOrNone() {
        assertThatThrownBy(() -> new OutBatch(List.of(head(0), head(1)), List.of(SUFFIX), n -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 events has 1 suffixes");
    }
}
