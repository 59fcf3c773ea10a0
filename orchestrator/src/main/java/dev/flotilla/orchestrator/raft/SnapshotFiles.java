package dev.flotilla.orchestrator.raft;

import dev.flotilla.orchestrator.json.Json;
import dev.flotilla.orchestrator.state.ClusterState;
import com.fasterxml.jackson.databind.JsonNode;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.util.MD5FileUtil;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Snapshots are one JSON document ({@code {"format": "flotilla-state/1", "term", "index", "state"}}) written to a
 * temporary file, moved into place, then given an MD5 file; loading checks the MD5 and the format.
 */
final class SnapshotFiles {
    static final String FORMAT = "flotilla-state/1";

    private SnapshotFiles() {
    }

    record Loaded(ClusterState state, long term, long index) {
    }

    static SingleFileSnapshotInfo write(File target, ClusterState state, long term, long index) throws IOException {
        var doc = Json.object();
        doc.put("format", FORMAT);
        doc.put("term", term);
        doc.put("index", index);
        doc.set("state", Json.mapper().valueToTree(state));
        Path tmp = target.toPath().resolveSibling(target.getName() + ".writing");
        Files.write(tmp, Json.bytes(doc));
        Files.move(tmp, target.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(target);
        return new SingleFileSnapshotInfo(new FileInfo(target.toPath(), md5), term, index);
    }

    static Loaded read(SingleFileSnapshotInfo info) throws IOException {
        Path path = info.getFile().getPath();
        MD5Hash stored = info.getFile().getFileDigest();
        if (stored != null) {
            MD5Hash actual = MD5FileUtil.computeMd5ForFile(path.toFile());
            if (!stored.equals(actual)) {
                throw new IOException("snapshot " + path + " is corrupt: its MD5 does not match " + path.getFileName()
                        + ".md5. Restore the data directory from a backup, or remove this manager's data directory and"
                        + " join it again (the other managers hold the state)");
            }
        }
        JsonNode doc;
        try {
            doc = Json.tree(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new IOException("snapshot " + path + " is not valid JSON (" + Json.problem(e) + ")", e);
        }
        if (!FORMAT.equals(doc.path("format").asText())) {
            throw new IOException("snapshot " + path + " has format '" + doc.path("format").asText()
                    + "', expected " + FORMAT + ": it was not written by this version of flotilla");
        }
        ClusterState state = Json.convert(doc.get("state"), ClusterState.class);
        return new Loaded(state, info.getTerm(), info.getIndex());
    }
}
