package dev.flotilla.shipper.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes numbered log lines into files the way an application does (appending) and remembers, for every line,
 * its stream, number and byte offset; then checks what a receiver got: every line present at its offset, and how
 * many arrived more than once.
 */
public final class Lines {
    private static final Pattern ID = Pattern.compile("stream=(\\S+) seq=(\\d+) ");
    private final Map<String, List<Long>> offsets = new HashMap<>();
    private final Map<String, Long> written = new HashMap<>();
    private final int width;

    public Lines(int width) {
        this.width = width;
    }

    /** A Logback-style line of about {@code width} bytes (newline included). */
    public String line(String stream, int seq) {
        String head = "2026-11-22 03:48:23.123 [main] INFO  c.e.App - stream=" + stream + " seq=" + seq + " ";
        int pad = Math.max(0, width - head.length() - 1);
        return head + "x".repeat(pad) + "\n";
    }

    /** Appends lines {@code from..to-1} of {@code stream} to {@code file}, recording their offsets. */
    public synchronized void append(Path file, String stream, int from, int to) {
        StringBuilder sb = new StringBuilder();
        long bytes = 0;
        long at = written.getOrDefault(stream + "@" + file, -1L);
        if (at < 0) {
            at = size(file);
        }
        List<Long> offs = offsets.computeIfAbsent(stream, s -> new ArrayList<>());
        for (int i = from; i < to; i++) {
            String l = line(stream, i);
            while (offs.size() <= i) {
                offs.add(-1L);
            }
            offs.set(i, at + bytes);
            sb.append(l);
            bytes += l.getBytes(StandardCharsets.UTF_8).length;
        }
        byte[] b = sb.toString().getBytes(StandardCharsets.UTF_8);
        try {
            Files.write(file, b, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written.put(stream + "@" + file, at + b.length);
    }

    /** Replaces the content of {@code file} (truncate and write in one open) by lines {@code from..to-1}. */
    public synchronized void rewrite(Path file, String stream, int from, int to) {
        try {
            Files.write(file, new byte[0], StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        reset(file);
        written.put(stream + "@" + file, 0L);
        StringBuilder sb = new StringBuilder();
        List<Long> offs = offsets.computeIfAbsent(stream, s -> new ArrayList<>());
        long at = 0;
        for (int i = from; i < to; i++) {
            String l = line(stream, i);
            while (offs.size() <= i) {
                offs.add(-1L);
            }
            offs.set(i, at);
            sb.append(l);
            at += l.getBytes(StandardCharsets.UTF_8).length;
        }
        try {
            Files.write(file, sb.toString().getBytes(StandardCharsets.UTF_8), StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        written.put(stream + "@" + file, at);
    }

    /** Forget the write position of a file that was truncated or replaced: the next append starts at its size. */
    public synchronized void reset(Path file) {
        written.keySet().removeIf(k -> k.endsWith("@" + file));
    }

    private static long size(Path f) {
        try {
            return Files.exists(f) ? Files.size(f) : 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public synchronized int expected() {
        return offsets.values().stream().mapToInt(List::size).sum();
    }

    /** What a receiver got, checked against what was written. */
    public record Report(int expected, int received, List<String> missing, List<String> wrongOffset, int duplicates) {
        public boolean complete() {
            return missing.isEmpty() && wrongOffset.isEmpty();
        }

        @Override
        public String toString() {
            return "expected " + expected + ", received " + received + ", missing " + missing.size()
                    + (missing.isEmpty() ? "" : " e.g. " + missing.subList(0, Math.min(5, missing.size())))
                    + ", wrong offset " + wrongOffset.size()
                    + (wrongOffset.isEmpty() ? "" : " e.g. " + wrongOffset.subList(0, Math.min(5, wrongOffset.size())))
                    + ", duplicates " + duplicates;
        }
    }

    /** Checks events (as maps with {@code message} and {@code log.offset}). Events not written by this are ignored. */
    public synchronized Report check(List<Map<String, Object>> events) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> wrong = new ArrayList<>();
        int received = 0;
        for (Map<String, Object> e : events) {
            Object msg = e.get("message");
            if (msg == null) {
                continue;
            }
            Matcher m = ID.matcher(msg.toString());
            if (!m.find()) {
                continue;
            }
            received++;
            String key = m.group(1) + "#" + m.group(2);
            seen.merge(key, 1, Integer::sum);
            List<Long> offs = offsets.get(m.group(1));
            int seq = Integer.parseInt(m.group(2));
            long offset = ((Number) ((Map<?, ?>) e.get("log")).get("offset")).longValue();
            if (offs == null || seq >= offs.size() || offs.get(seq) != offset) {
                wrong.add(key + "@" + offset);
            }
        }
        List<String> missing = new ArrayList<>();
        offsets.forEach((stream, offs) -> {
            for (int i = 0; i < offs.size(); i++) {
                if (offs.get(i) >= 0 && !seen.containsKey(stream + "#" + i)) {
                    missing.add(stream + "#" + i);
                }
            }
        });
        int dups = seen.values().stream().mapToInt(n -> n - 1).sum();
        return new Report(expected(), received, missing, wrong, dups);
    }
}
