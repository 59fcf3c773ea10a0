package dev.flotilla.shipper.multiline;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A LineSink that keeps what it receives, for tests. */
public final class Collected implements LineSink {
    /** One received message. */
    public record Msg(String text, long start, long end, int flags) {
    }

    public final List<Msg> messages = new ArrayList<>();

    @Override
    public void line(byte[] buf, int off, int len, long start, long end, int flags) {
        messages.add(new Msg(new String(buf, off, len, StandardCharsets.UTF_8), start, end, flags));
    }

    public List<String> texts() {
        return messages.stream().map(Msg::text).toList();
    }
}
