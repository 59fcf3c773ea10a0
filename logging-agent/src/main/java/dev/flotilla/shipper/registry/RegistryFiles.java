package dev.flotilla.shipper.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the registry folder after any stop, {@code kill -9} included: the checkpoint ({@code checkpoint.json},
 * always replaced atomically) plus the operations appended after it ({@code log.json}, one JSON record a line,
 * numbered). A last line cut short by a crash is expected and skipped; anything else that cannot be read is
 * corruption: the file is moved aside ({@code <name>.corrupt-<time>}) and reported, and every record that can still
 * be read is kept.
 */
final class RegistryFiles {
    static final String CHECKPOINT = "checkpoint.json";
    static final String LOG = "log.json";

    private RegistryFiles() {
    }

    static Recovery recover(Path dir) throws IOException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        List<String> problems = new ArrayList<>();
        int[] corruptions = {0};
        long seq = readCheckpoint(dir.resolve(CHECKPOINT), entries, problems, corruptions);
        seq = replayLog(dir.resolve(LOG), seq, entries, problems, corruptions);
        return new Recovery(new ArrayList<>(entries.values()), seq, problems, corruptions[0]);
    }

    private static long readCheckpoint(Path file, Map<String, Entry> entries, List<String> problems, int[] corruptions)
            throws IOException {
        if (!Files.exists(file)) {
            return 0;
        }
        try {
            JsonNode root = EntryCodec.JSON.readTree(Files.readAllBytes(file));
            if (root == null || !root.isObject() || !root.path("entries").isArray()) {
                throw new IllegalArgumentException("expected an object with 'seq' and an 'entries' list");
            }
            long seq = EntryCodec.number(root, "seq");
            for (JsonNode n : root.get("entries")) {
                Entry e = EntryCodec.read(n);
                entries.put(e.key(), e);
            }
            return seq;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            entries.clear();
            Path aside = moveAside(file);
            corruptions[0]++;
            problems.add("the registry checkpoint " + file + " is corrupt (" + oneLine(e) + "); it was moved to " + aside
                    + ". Files it described are read again from the offsets in " + LOG + " when present, otherwise from "
                    + "their beginning (duplicates, never loss). Keep the moved file to investigate.");
            return 0;
        }
    }

    private static long replayLog(Path file, long checkpointSeq, Map<String, Entry> entries, List<String> problems,
                                  int[] corruptions) throws IOException {
        if (!Files.exists(file)) {
            return checkpointSeq;
        }
        byte[] bytes = Files.readAllBytes(file);
        String text = new String(bytes, StandardCharsets.UTF_8);
        String[] lines = text.split("\n", -1);
        boolean endsClean = text.isEmpty() || text.endsWith("\n");
        long seq = checkpointSeq;
        int bad = 0;
        String firstBad = null;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isEmpty()) {
                continue;
            }
            boolean last = i == lines.length - 1;
            try {
                seq = Math.max(seq, apply(EntryCodec.JSON.readTree(line), checkpointSeq, entries));
            } catch (JsonProcessingException | IllegalArgumentException e) {
                if (last && !endsClean) {
                    problems.add("ignored the last record of " + file + ": it was cut short when the agent stopped mid-write"
                            + " (expected after a crash; its offsets are read again)");
                    continue;
                }
                bad++;
                if (firstBad == null) {
                    firstBad = "line " + (i + 1) + ": " + oneLine(e);
                }
            }
        }
        if (bad > 0) {
            Path aside = Files.copy(file, file.resolveSibling(file.getFileName() + ".corrupt-" + stamp()), StandardCopyOption.REPLACE_EXISTING);
            corruptions[0]++;
            problems.add("the registry log " + file + " has " + bad + " unreadable record(s) (first at " + firstBad
                    + "); a copy was kept as " + aside + " and every readable record was applied. Files whose records were"
                    + " lost are read again from their last readable offset (duplicates, never loss).");
        }
        return seq;
    }

    private static long apply(JsonNode op, long checkpointSeq, Map<String, Entry> entries) {
        long seq = EntryCodec.number(op, "seq");
        if (seq <= checkpointSeq) {
            return seq;
        }
        String kind = EntryCodec.text(op, "op");
        switch (kind) {
            case "set" -> {
                Entry e = EntryCodec.read(op.get("entry"));
                entries.put(e.key(), e);
            }
            case "del" -> entries.remove(EntryCodec.text(op, "key"));
            default -> throw new IllegalArgumentException("unknown operation '" + kind + "'");
        }
        return seq;
    }

    static Path moveAside(Path file) throws IOException {
        Path aside = file.resolveSibling(file.getFileName() + ".corrupt-" + stamp());
        Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        return aside;
    }

    private static String stamp() {
        return Instant.now().toString().replace(':', '-');
    }

    private static String oneLine(Exception e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.replace('\n', ' ');
    }
}
