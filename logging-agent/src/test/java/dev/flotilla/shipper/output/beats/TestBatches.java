package dev.flotilla.shipper.output.beats;

import dev.flotilla.shipper.output.AckListener;
import dev.flotilla.shipper.output.OutBatch;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batches of ECS-shaped events (about 170 bytes of message each) keyed by {@code log.file.path} and
 * {@code log.offset}, and a recorder that checks what every batch's listener hears: strictly increasing counts,
 * ending at the batch size, batches completing in publication order.
 */
final class TestBatches {
    static final String FILLER = "INFO  [http-nio-8080-exec-7] o.a.c.c.C.[Tomcat].[localhost].[/app] request handled "
            + "in 12 ms user=alice session=8F3A2B1C9D status=200 bytes=5123 path=/api/orders";

    private final List<Integer> sizes = new ArrayList<>();
    private final List<List<Integer>> heard = new CopyOnWriteArrayList<>();
    private final List<Integer> completionOrder = new CopyOnWriteArrayList<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final AtomicInteger eventsAcked = new AtomicInteger();

    /** One event as UTF-8 JSON. */
    static byte[] event(String path, long offset) {
        String json = "{\"@timestamp\":\"2026-11-22T03:00:00.000Z\",\"message\":\"" + FILLER + " #" + offset
                + "\",\"log\":{\"file\":{\"path\":\"" + path + "\"},\"offset\":" + offset + "},"
                + "\"container\":{\"name\":\"c1\"},\"@metadata\":{\"beat\":\"flotilla\",\"type\":\"_doc\",\"version\":\"0.1.0\"}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    /** The batch-th batch of {@code size} events of {@code path}, offsets batch*size .. batch*size+size-1. */
    synchronized OutBatch batch(String path, int batch, int size) {
        int index = sizes.size();
        sizes.add(size);
        List<Integer> calls = new CopyOnWriteArrayList<>();
        heard.add(calls);
        List<byte[]> events = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            events.add(event(path, (long) batch * size + i));
        }
        AckListener l = cumulative -> {
            int prev = calls.isEmpty() ? 0 : calls.get(calls.size() - 1);
            if (cumulative <= prev || cumulative > size) {
                violations.add("batch " + index + ": heard " + cumulative + " after " + prev + " (size " + size + ")");
            }
            calls.add(cumulative);
            eventsAcked.addAndGet(cumulative - prev);
            if (cumulative == size) {
                completionOrder.add(index);
            }
        };
        return new OutBatch(events, l);
    }

    int eventsAcked() {
        return eventsAcked.get();
    }

    int batchesCompleted() {
        return completionOrder.size();
    }

    List<Integer> heard(int batch) {
        return heard.get(batch);
    }

    /** Problems seen: non-increasing counts, or batches completing out of publication order. */
    List<String> violations() {
        List<String> out = new ArrayList<>(violations);
        for (int i = 0; i < completionOrder.size(); i++) {
            if (completionOrder.get(i) != i) {
                out.add("batch " + completionOrder.get(i) + " completed in position " + i);
                break;
            }
        }
        return out;
    }
}
